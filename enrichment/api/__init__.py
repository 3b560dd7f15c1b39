"""DRF serializers and views the host includes (imported only where DRF is installed)."""
