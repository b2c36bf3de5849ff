\pset format unaligned
--
-- declare_libraries: the table mixins of fastapi-users' SQLAlchemy adapter
-- (fastapi_users_db_sqlalchemy), which FastAPI applications derive their user,
-- OAuth account and access token models from.  orm cannot import the library;
-- it carries a declaration of those tables (names, columns, types, keys,
-- defaults as the library declares them; its GUID is UUID on PostgreSQL and
-- CHAR(36) text elsewhere), declared when a module imports the library.
--
SELECT orm_declare('from fastapi_users_db_sqlalchemy import SQLAlchemyBaseOAuthAccountTableUUID, SQLAlchemyBaseUserTableUUID
from fastapi_users_db_sqlalchemy.access_token import SQLAlchemyBaseAccessTokenTableUUID
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class OAuthAccount(SQLAlchemyBaseOAuthAccountTableUUID, Base):
    pass


class User(SQLAlchemyBaseUserTableUUID, Base):
    display_name: Mapped[str] = mapped_column(String(50), default="")
    oauth_accounts: Mapped[list[OAuthAccount]] = relationship("OAuthAccount", lazy="joined")


class AccessToken(SQLAlchemyBaseAccessTokenTableUUID, Base):
    pass
');
-- the integer-keyed mixin, subscripted as applications write it
SELECT orm_declare('from fastapi_users_db_sqlalchemy import SQLAlchemyBaseUserTable
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Member(SQLAlchemyBaseUserTable[int], Base):
    __tablename__ = "lib_member"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
');
SELECT orm_create_all();
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"id": "2a69b75c-1fdc-4ff3-9e20-79af50dc94f9",
  "email": "ann@example.com", "hashed_password": "h",
  "oauth_accounts": [{"id": "e295f9ca-901b-4551-8563-3e81b3b1613d", "oauth_name": "github",
    "access_token": "t", "account_id": "1", "account_email": "ann@example.com"}]}}]');
SELECT orm_flush('[{"op": "add", "entity": "AccessToken", "data": {"token": "tok",
  "user_id": "2a69b75c-1fdc-4ff3-9e20-79af50dc94f9"}}]') IS NOT NULL AS token_added;
SELECT created_at IS NOT NULL AS created FROM accesstoken;
SELECT orm_flush('[{"op": "add", "entity": "Member", "data": {"username": "bo", "email": "bo@example.com", "hashed_password": "x"}}]');
-- the adapter's own statements
SELECT orm_select('select(User).where(func.lower(User.email) == func.lower("ANN@example.com"))');
SELECT orm_select('select(User).join(OAuthAccount).where(OAuthAccount.oauth_name == "github").where(OAuthAccount.account_id == "1")');
SELECT orm_select('select(AccessToken.token, AccessToken.user_id).where(AccessToken.token == "tok")');

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
