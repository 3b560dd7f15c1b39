from django.db import migrations, models

from enrichment.decisions import apply_all

BATCH = 200  # articles per round: a few queries each, memory bounded by the batch


def fill_link_aliases(apps, schema_editor):
    """Each existing link gets the aliases its article's newest result gives the entity,
    decisions applied (what jobs.storing.link_entities writes from now on)."""
    ArticleEntity = apps.get_model("enrichment", "ArticleEntity")
    EnrichmentResult = apps.get_model("enrichment", "EnrichmentResult")
    Decision = apps.get_model("enrichment", "Decision")
    ids = list(ArticleEntity.objects.order_by("article_id").values_list("article_id", flat=True).distinct())
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        newest = {}
        for result in EnrichmentResult.objects.filter(article_id__in=batch).order_by("created_at", "id"):
            newest[result.article_id] = result.data
        decisions = {}
        for decision in Decision.objects.filter(article_id__in=batch).order_by("created_at", "id"):
            decisions.setdefault(decision.article_id, []).append(decision)
        changed = []
        for link in ArticleEntity.objects.filter(article_id__in=batch).select_related("entity"):
            data = {"entities": [], "body": [], "captions": [], "removed": [], **(newest.get(link.article_id) or {})}
            shown = apply_all(data, decisions.get(link.article_id, []))["entities"]
            for item in shown:
                if (item["name"][:300], item["type"]) == (link.entity.name, link.entity.type):
                    link.aliases = list(dict.fromkeys(item.get("aliases", [])))
                    changed.append(link)
                    break
        ArticleEntity.objects.bulk_update(changed, ["aliases"])


class Migration(migrations.Migration):

    dependencies = [
        ("enrichment", "0007_job_worker"),
    ]

    operations = [
        migrations.AddField(
            model_name="articleentity",
            name="aliases",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(fill_link_aliases, migrations.RunPython.noop),
    ]
