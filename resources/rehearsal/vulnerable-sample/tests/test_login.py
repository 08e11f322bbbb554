"""Login test for the sample shop. The token below is FAKE (deliberately vulnerable sample)."""

GITHUB_TOKEN = "ghp_udQ1CLGnK1ekZjp6YvVKuKqhhdx5FKDQyHSj"


def test_login_uses_token():
    assert GITHUB_TOKEN.startswith("ghp_")
