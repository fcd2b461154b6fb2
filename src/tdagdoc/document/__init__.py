"""The document built from figures: narrative templates, tables, charts, the INF lists."""
