"""Errors whose message is written for the person who caused them (shown as is)."""

from __future__ import annotations


class UserFacingError(Exception):
    """Base: the message is one short sentence a user or admin can act on."""


class InputError(UserFacingError):
    """The input cannot be used: empty, too long, binary, not UTF-8, too short to summarise."""


class NotFoundError(UserFacingError):
    """No such article in this server (also the answer for another server's article)."""


NO_SUCH_ARTICLE = "There is no article with that id in this server."
NO_ARTICLES = "This server has no articles yet: an admin can add one with /article add."
