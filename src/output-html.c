/* output-html.c: format = html (output-impl.h). The writer is being
 * written: until then the output fails with a clear error. */
#include "output-impl.h"
#include "util.h"

void
kb_output_html(struct kb_buf *b, const struct kb_config *cfg, const struct kb_output *o, const struct entries *l,
	       int64_t now, int *bad)
{
	(void)b;
	(void)cfg;
	(void)l;
	(void)now;
	kb_log(KB_LOG_ERROR, "cannot render output %s: format html is not built yet", o->name);
	*bad = 1;
}
