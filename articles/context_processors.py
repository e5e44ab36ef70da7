from django.conf import settings


def site(request):
    """The site's name and public URL, for page titles, feeds and ClaimReview markup."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
