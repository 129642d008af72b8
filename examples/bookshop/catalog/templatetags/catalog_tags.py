"""Template tags of the catalog app."""
from django import template

register = template.Library()


@register.simple_tag
def shelf_label(book):
    return f"{book.author} — {book.title}"


@register.filter(name="initials")
def initials(value):
    return "".join(part[0] for part in str(value).split() if part)
