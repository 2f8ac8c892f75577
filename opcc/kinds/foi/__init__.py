"""FOI responses: the disclosure log's records, their open data, views and pages."""
