"""What people see: the full-page chat, the embeddable widget and the hotline console (jinja2 pages, plain JS)."""
