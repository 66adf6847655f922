"""Moderators' commands: /fact, /quote, /person (one generated group per record kind) and
/kb, and the missed-question buttons. Each only translates between Discord and the engine's
`FactBaseEditor`; the moderator check runs in every callback.

  _commands  the record groups, generated from `engine.records` specs
  _views     forms, confirm and unanswered views, the edit flow (`apply_change`)
  _missed    the `missed_question` post and its persistent buttons
  _article   /kb article and /kb draft, with the draft's persistent Publish / Cancel buttons
  _review    /kb review: drafted entries one a page, with persistent buttons
  _cog       the cog: the record groups, /kb, the event listener
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._article import DraftCancelButton, DraftPublishButton
from ._cog import Moderation
from ._missed import (
    MissedAliasButton,
    MissedNewFactButton,
    MissedNotInArticleButton,
    missed_posts,
    post_missed_question,
)
from ._review import REVIEW_ITEMS

if TYPE_CHECKING:
    from ...bot import FactDeskBot

__all__ = ["Moderation", "post_missed_question", "setup"]


async def setup(bot: FactDeskBot) -> None:
    await bot.add_cog(Moderation(bot))
    bot.add_dynamic_items(MissedAliasButton, MissedNewFactButton, MissedNotInArticleButton)
    bot.add_dynamic_items(DraftPublishButton, DraftCancelButton)
    bot.add_dynamic_items(*REVIEW_ITEMS)


async def teardown(bot: FactDeskBot) -> None:
    missed_posts(bot).close()  # a digest still waiting stays in /kb unanswered
