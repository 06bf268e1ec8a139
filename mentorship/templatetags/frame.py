"""`{% framepart name %}…{% endframepart %}`: a part of every page's frame (the menus), kept
rendered in the cache under the key `context_processors.portal` names for it, and read with
the frame's other parts in one cache read."""

from django import template
from django.core.cache import cache

from mentorship.context_processors import FRAME_PART_SECONDS

register = template.Library()


class FramePartNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        parts = context.get("frame_parts")
        if parts is None:  # a page drawn without the portal's context
            return self.nodelist.render(context)
        key = parts.key(self.name)
        html = parts.get(self.name)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, FRAME_PART_SECONDS)
        return html


@register.tag
def framepart(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("framepart takes the part's name")
    nodelist = parser.parse(("endframepart",))
    parser.delete_first_token()
    return FramePartNode(nodelist, bits[1])
