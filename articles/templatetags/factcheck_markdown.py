"""`{% load factcheck_markdown %}` then `{{ factcheck.body|markdown }}`: sanitised Markdown."""

from django import template

from articles.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text or "")
