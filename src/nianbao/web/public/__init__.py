"""The public central column (集中发布专栏): published reports for everyone, no login."""
