"""Areas (DeSO/RegSO, districts, custom polygons) and population tables."""
