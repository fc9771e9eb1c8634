from django.http import HttpRequest

from tandem.programs.selectors import has_any_program_role


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the header needs: whether to show the coordinator menu. Lazy so pages that don't render it pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show_staff_menu": False}
    return {"show_staff_menu": lambda: has_any_program_role(user)}
