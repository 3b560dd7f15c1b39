from rest_framework import serializers


class CaptionSerializer(serializers.Serializer):
    text = serializers.CharField()
    credit = serializers.CharField(allow_blank=True)
    photographer = serializers.CharField(allow_blank=True)
    agency = serializers.CharField(allow_blank=True)


class RemovedSerializer(serializers.Serializer):
    text = serializers.CharField()
    reason = serializers.CharField()
    duplicate_of = serializers.CharField(allow_blank=True)


class EntitySerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    mentions = serializers.IntegerField()
    salience = serializers.FloatField()
    in_body = serializers.BooleanField()
    in_captions = serializers.BooleanField()


class EnrichmentSerializer(serializers.Serializer):
    """The enrichment of one article, as ``services.enrichment_view`` builds it."""

    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed", "stale"])
    error = serializers.CharField(allow_blank=True)
    queued_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    duration_ms = serializers.IntegerField(allow_null=True)
    pipeline_version = serializers.CharField(allow_blank=True)
    current_pipeline_version = serializers.CharField()
    language = serializers.CharField(allow_blank=True)
    headline = serializers.CharField(allow_blank=True)
    byline = serializers.CharField(allow_blank=True)
    dateline = serializers.CharField(allow_blank=True)
    body = serializers.ListField(child=serializers.CharField())
    captions = CaptionSerializer(many=True)
    removed = RemovedSerializer(many=True)
    entities = EntitySerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
