"""Helpers the apps share that belong to no domain; an app without models, for its commands (backup, restore)."""
