#include "decl/decl_int.h"
int
decl_sqlmodel_class(DeclCtx *dc, PyStmt *s)
{
	(void) dc; (void) s;
	return 0;
}
