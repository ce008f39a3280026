from organizations.selectors import group_org_ids, org_ids_with_perm


def oversight(request):
    """Whether the nav offers 督导总览: to supervising officials and 督导组 members.

    Lazy, and read from what the request remembers (the permissions most pages have asked
    already); a supervisor's answer needs no walk down the tree.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def oversees():
        return bool(org_ids_with_perm(user, "supervise_organization")) or bool(group_org_ids(user))

    return {"oversees": oversees}
