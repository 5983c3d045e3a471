/* no-entry.c: a shared object without the entry symbol. */
int kabar_plugin_entry_misspelt(void);
int
kabar_plugin_entry_misspelt(void)
{
	return 1;
}
