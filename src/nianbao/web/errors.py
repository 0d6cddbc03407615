"""Error pages in Chinese with the site's header and footer: 403, 404, 500 and a failed CSRF check.

A page under /public/ gets the public column's frame (portal header, 长者模式, footer); every other page the
staff frame. The message a view raises (PermissionDenied("只有审计管理员……"), Http404("没有找到……")) is shown
when it is written for people, i.e. in Chinese; Django's own English texts are not.
"""

from __future__ import annotations

import logging
import re

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404

log = logging.getLogger(__name__)

CJK = re.compile(r"[\u4e00-\u9fff]")

TITLES = {
    403: ("没有权限", "您没有查看或办理此页面的权限。如需权限，请联系本地区监管人员或系统管理员。"),
    404: ("页面不存在", "没有找到您要访问的页面，可能地址有误，或该内容已不再提供。"),
    500: (
        "系统出错",
        "系统处理您的请求时出错，您已保存的内容不受影响。请稍后重试；问题持续时请联系系统管理员。",
    ),
    "csrf": (
        "页面已过期",
        "为保护您的账户，提交的表单需要附带页面的安全校验码，本次提交缺少或校验失败（常见原因：页面打开太久、"
        "在其他窗口退出后又登录、浏览器禁用了 Cookie）。请返回上一页、刷新后重新提交。",
    ),
}

# Last resort when even the framed page cannot be drawn (e.g. the database is down during a 500).
BARE = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} - 年报系统</title>'
    '</head><body><h1>{title}</h1><p>{text}</p><p><a href="/">返回首页</a></p></body></html>'
)


def shown_message(exception: object) -> str:
    """Return the exception's message when it was written for people (Chinese), else ''."""
    if exception is None or isinstance(exception, Resolver404):
        return ""
    args = getattr(exception, "args", ())
    text = args[0] if args and isinstance(args[0], str) else ""
    return text if CJK.search(text) else ""


def render_error(
    request: HttpRequest, kind: int | str, status: int, exception: object = None
) -> HttpResponse:
    title, text = TITLES[kind]
    context = {"title": title, "text": text, "message": shown_message(exception), "status": status}
    public = request.path.startswith("/public/")
    name = "public/error.html" if public else "errors/error.html"
    try:
        if public:
            from nianbao.web.public.context import public as public_context

            context |= public_context(request)
            context["elder_toggle"] = "?elder=off" if context["elder"] else "?elder=on"
        body = render_to_string(name, context, request=request if status != 500 else None)
    except Exception:  # an error page must never fail in turn
        log.exception("error page %s could not be drawn", status)
        body = BARE.format(title=title, text=text)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def forbidden(request: HttpRequest, exception: object = None) -> HttpResponse:
    return render_error(request, 403, 403, exception)


def not_found(request: HttpRequest, exception: object = None) -> HttpResponse:
    return render_error(request, 404, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(request, 500, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render_error(request, "csrf", 403)
