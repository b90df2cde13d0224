"""Helpers the apps share that belong to no domain (not a Django app: no models, no migrations)."""
