"""None is a value of every Optional type; checking for it is up to you."""


# ANCHOR: none
def email_domain(users: dict[int, str], user_id: int) -> str | None:
    email = users.get(user_id)  # None when the key is missing
    if email is None:
        return None
    _, at, domain = email.partition("@")
    return domain if at else None


users = {1: "ada@example.org", 2: "grace"}

for user_id in (1, 2, 3):
    domain = email_domain(users, user_id)
    if domain is not None:
        print(f"user {user_id}: {domain}")
    else:
        print(f"user {user_id}: no domain")

length = len(email_domain(users, 1) or "")
print("length", length)

# Forgetting the check is legal Python, and fails only at run time:
try:
    email_domain(users, 3).upper()  # type: ignore[union-attr]
except AttributeError as err:
    print("at run time:", err)
# ANCHOR_END: none
