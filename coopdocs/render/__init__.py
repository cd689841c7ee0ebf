"""Rendering: one Jinja environment for every template, .docx through docxtpl, reproducible zips."""
