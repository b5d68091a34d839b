// libarchive's declarations, for code that reaches libarchive through
// CArchiveOnDemand (opened on first use) instead of linking it.
#include <archive.h>
#include <archive_entry.h>
