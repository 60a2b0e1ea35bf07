"""The double's OAuth2 endpoints behave as Discord documents them: the consent page only for
a registered redirect URL, codes traded once with the client's secret, and `users/@me` and
`users/@me/guilds` answered for the person whose token it is."""

from __future__ import annotations

import aiohttp
import discord
import pytest
from yarl import URL

REDIRECT = "http://127.0.0.1:9/callback"


def authorize_query(double, **overrides) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": str(double.application_id),
        "scope": "identify guilds",
        "state": "s1",
        "redirect_uri": REDIRECT,
        **overrides,
    }


async def code_for(double, http: aiohttp.ClientSession, user) -> str:
    double.oauth_sign_in(user)
    answer = await http.post(
        f"{double.api_base}/oauth2/authorize",
        data={**authorize_query(double), "decision": "authorize"},
        allow_redirects=False,
    )
    assert answer.status == 302
    location = URL(answer.headers["Location"])
    assert str(location.with_query(None)) == REDIRECT and location.query["state"] == "s1"
    return location.query["code"]


async def trade(double, http, code: str, secret: str | None = None) -> aiohttp.ClientResponse:
    return await http.post(
        f"{double.api_base}/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
        headers={
            "Authorization": aiohttp.encode_basic_auth(
                str(double.application_id), secret or double.oauth_client_secret
            )
        },
    )


@pytest.fixture
def registered(discord_double):
    discord_double.oauth_register(REDIRECT)
    guild = discord_double.add_guild("News")
    admin = discord_double.add_member(
        guild, "ada", permissions=discord.Permissions(manage_guild=True)
    )
    return discord_double, guild, admin


async def test_an_unregistered_redirect_url_gets_an_error_page_and_no_redirect(registered):
    double, _, admin = registered
    double.oauth_sign_in(admin)
    async with aiohttp.ClientSession() as http:
        page = await http.get(
            f"{double.api_base}/oauth2/authorize",
            params=authorize_query(double, redirect_uri="https://evil.example/cb"),
            allow_redirects=False,
        )
        assert page.status == 400 and "Invalid OAuth2 redirect_uri" in await page.text()


async def test_consent_page_then_code_then_token_then_the_persons_guilds(registered):
    double, guild, admin = registered
    async with aiohttp.ClientSession() as http:
        double.oauth_sign_in(admin)
        page = await http.get(f"{double.api_base}/oauth2/authorize", params=authorize_query(double))
        assert page.status == 200 and "Authorize" in await page.text()
        code = await code_for(double, http, admin)
        grant = await (await trade(double, http, code)).json()
        assert grant["token_type"] == "Bearer" and grant["scope"] == "identify guilds"
        bearer = {"Authorization": f"Bearer {grant['access_token']}"}
        me = await (await http.get(f"{double.api_base}/users/@me", headers=bearer)).json()
        assert me["id"] == str(admin.id)
        guilds = await (
            await http.get(f"{double.api_base}/users/@me/guilds", headers=bearer)
        ).json()
        assert [g["id"] for g in guilds] == [str(guild.id)]
        assert int(guilds[0]["permissions"]) & (1 << 5) and guilds[0]["owner"] is False
        again = await trade(double, http, code)  # a code is good once
        assert again.status == 400 and (await again.json())["error"] == "invalid_grant"


async def test_a_wrong_client_secret_is_an_invalid_client(registered):
    double, _, admin = registered
    async with aiohttp.ClientSession() as http:
        code = await code_for(double, http, admin)
        answer = await trade(double, http, code, secret="wrong")
        assert answer.status == 401 and (await answer.json())["error"] == "invalid_client"


async def test_a_revoked_token_is_unauthorized_and_the_bot_token_still_works(registered):
    double, _, admin = registered
    token = double.oauth_token_for(admin)
    double.oauth_revoke(admin)
    async with aiohttp.ClientSession() as http:
        answer = await http.get(
            f"{double.api_base}/users/@me/guilds", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status == 401
        bot = await http.get(
            f"{double.api_base}/users/@me", headers={"Authorization": f"Bot {double.token}"}
        )
        assert (await bot.json())["id"] == str(double.bot_user.id)
