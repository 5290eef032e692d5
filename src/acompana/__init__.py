"""Acompaña: mentoring programs for school leaders and teachers."""
