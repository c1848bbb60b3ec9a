"""The News view's routes, one router per page family; `create_app` includes them in this order
and puts the login check in front of every route."""

from __future__ import annotations

from fastapi import APIRouter

from newsflow.newsroom.routes import articles, entities, overview, quotes, speakers, static

ROUTERS: tuple[APIRouter, ...] = (static.router, overview.router, quotes.router, speakers.router,
                                  entities.router, articles.router)
