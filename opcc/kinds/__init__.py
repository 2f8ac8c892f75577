"""What the site publishes: ordinary pages and typed records (FOI responses…)."""
