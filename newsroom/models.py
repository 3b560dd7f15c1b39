"""The host CMS's article: what editors paste and publish."""
from django.db import models


class Article(models.Model):
    headline = models.CharField(max_length=500)
    text = models.TextField(help_text="The text as pasted. Kept verbatim; enrichment never changes it.")
    body = models.TextField(blank=True, help_text="The cleaned body, once an editor applies it.")
    published = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.headline
