"""The pipeline's version: bump it when results would change, so stale ones can be found."""

PIPELINE_VERSION = "0.2.0"  # 0.2.0: language by fastText, with its confidence
