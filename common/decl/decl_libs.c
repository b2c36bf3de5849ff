/*
 * decl_libs.c -- the table mixins of libraries that applications import into
 * their model modules, as orm declares them.
 *
 * A model module may derive its classes from a library's mixin that orm
 * cannot import (`from fastapi_users_db_sqlalchemy import
 * SQLAlchemyBaseUserTableUUID`).  For the libraries listed here orm carries a
 * declaration of those mixins in the declarative syntax it reads anyway,
 * written from the library's documented tables (column names, types,
 * lengths, keys, defaults, table names); an import of the library declares
 * it into the registry's state first, so the mixins are known by the names
 * imported.  Types the library implements with Python (TypeDecorator) are
 * written as the DDL and stored values they give on each engine.
 *
 * Owns: decl_library_source.  Called by declare.c.  Never touches SQL, hosts
 * or engines.
 */
#include "decl/decl_int.h"

#include <string.h>

/*
 * fastapi-users' SQLAlchemy adapter (fastapi_users_db_sqlalchemy and its
 * access_token module): the user, OAuth account and access token tables.
 * Its GUID is PostgreSQL's UUID there and CHAR(36) text with dashes
 * elsewhere; its TIMESTAMPAware a TIMESTAMP WITH TIME ZONE.
 */
static const char decl_lib_fastapi_users[] =
"import uuid\n"
"from datetime import datetime, timezone\n"
"from typing import Optional\n"
"from sqlalchemy import CHAR, TIMESTAMP, Boolean, ForeignKey, Integer, String, Uuid\n"
"from sqlalchemy.orm import Mapped, declared_attr, mapped_column\n"
"\n"
"GUID = Uuid().with_variant(CHAR(36), \"sqlite\")\n"
"\n"
"\n"
"def now_utc():\n"
"    return datetime.now(timezone.utc)\n"
"\n"
"\n"
"class SQLAlchemyBaseUserTable:\n"
"    __tablename__ = \"user\"\n"
"    email: Mapped[str] = mapped_column(String(length=320), unique=True, index=True, nullable=False)\n"
"    hashed_password: Mapped[str] = mapped_column(String(length=1024), nullable=False)\n"
"    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)\n"
"    is_superuser: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)\n"
"    is_verified: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)\n"
"\n"
"\n"
"class SQLAlchemyBaseUserTableUUID(SQLAlchemyBaseUserTable):\n"
"    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True, default=uuid.uuid4)\n"
"\n"
"\n"
"class SQLAlchemyBaseOAuthAccountTable:\n"
"    __tablename__ = \"oauth_account\"\n"
"    oauth_name: Mapped[str] = mapped_column(String(length=100), index=True, nullable=False)\n"
"    access_token: Mapped[str] = mapped_column(String(length=1024), nullable=False)\n"
"    expires_at: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)\n"
"    refresh_token: Mapped[Optional[str]] = mapped_column(String(length=1024), nullable=True)\n"
"    account_id: Mapped[str] = mapped_column(String(length=320), index=True, nullable=False)\n"
"    account_email: Mapped[str] = mapped_column(String(length=320), nullable=False)\n"
"\n"
"\n"
"class SQLAlchemyBaseOAuthAccountTableUUID(SQLAlchemyBaseOAuthAccountTable):\n"
"    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True, default=uuid.uuid4)\n"
"\n"
"    @declared_attr\n"
"    def user_id(cls) -> Mapped[uuid.UUID]:\n"
"        return mapped_column(GUID, ForeignKey(\"user.id\", ondelete=\"cascade\"), nullable=False)\n"
"\n"
"\n"
"class SQLAlchemyBaseAccessTokenTable:\n"
"    __tablename__ = \"accesstoken\"\n"
"    token: Mapped[str] = mapped_column(String(length=43), primary_key=True)\n"
"    created_at: Mapped[datetime] = mapped_column(\n"
"        TIMESTAMP(timezone=True), index=True, nullable=False, default=now_utc)\n"
"\n"
"\n"
"class SQLAlchemyBaseAccessTokenTableUUID(SQLAlchemyBaseAccessTokenTable):\n"
"    @declared_attr\n"
"    def user_id(cls) -> Mapped[uuid.UUID]:\n"
"        return mapped_column(GUID, ForeignKey(\"user.id\", ondelete=\"cascade\"), nullable=False)\n";

typedef struct DeclLib
{
	const char *module;			/* the package; its submodules share the text */
	const char *source;
} DeclLib;

static const DeclLib decl_libs[] = {
	{"fastapi_users_db_sqlalchemy", decl_lib_fastapi_users},
	{NULL, NULL}
};

/*
 * The declaration orm carries for module (a from-import's module, dotted), or
 * NULL; *key is the library's name, to declare it once per registry.
 */
const char *
decl_library_source(const char *module, const char **key)
{
	if (!module)
		return NULL;
	for (const DeclLib *l = decl_libs; l->module; l++)
	{
		size_t		n = strlen(l->module);

		if (strncmp(module, l->module, n) == 0 && (module[n] == '\0' || module[n] == '.'))
		{
			*key = l->module;
			return l->source;
		}
	}
	return NULL;
}
