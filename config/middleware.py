"""Vietnamese unless the person chose otherwise (the language switch sets a cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
computers run English browsers; the product's language is Vietnamese (docs/domain.md).
"""


class VietnameseByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
