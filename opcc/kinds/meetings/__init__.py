"""Meetings: agendas, reports and minutes of public meetings, as records."""
