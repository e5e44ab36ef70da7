"""Size and count limits applied to every upload before any parser sees it.

Uploads come from newsroom staff, but files travel through email and shared drives, so the
parsers treat every byte as untrusted. Each limit below bounds the memory or time one upload
can cost, and each is far above what a real article, feed or bulk export needs:

MAX_FILE_BYTES (5 MiB) bounds one file, whether uploaded alone or found inside a zip archive.
A long news article is 10-50 KB of text and a saved web page with its markup 0.2-2 MB; a bulk
CSV/JSONL of a few thousand articles fits too. HTML extraction and feed parsing build a tree
in memory several times the file size, so this is the main guard against slow or
memory-hungry parsing.

MAX_ARCHIVE_BYTES (20 MiB) bounds the compressed size of an uploaded zip archive.

MAX_ZIP_MEMBERS (500) bounds how many entries a zip archive may list; a zip bomb can also be
made of a huge number of tiny entries.

MAX_ZIP_TOTAL_BYTES (50 MiB) bounds the uncompressed size of everything read from one
archive. Sizes declared in the archive are checked first and bytes are also counted while
reading, because declared sizes can lie.

MAX_COMPRESSION_RATIO (100) rejects an archive entry that claims to expand more than 100
times. Prose and markup compress 3-10 times with deflate; zip bombs expand by thousands.
Entries smaller than RATIO_CHECK_MIN_BYTES (64 KiB) are exempt because tiny files can have
odd ratios and cannot do harm.

MAX_ITEMS_PER_FILE (5,000) bounds the number of articles taken from one feed or bulk file;
the rest are reported as one error so that the admin can split the file.

MAX_HTML_ELEMENTS (100,000) makes trafilatura give up on pages with absurdly many elements
(real article pages have a few thousand).

MAX_TITLE_CHARS, MAX_BYLINE_CHARS and MAX_OUTLET_CHARS trim metadata fields so that one odd
page cannot put a whole paragraph into a title or an outlet name.
"""

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_ZIP_TOTAL_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 64 * 1024
MAX_ITEMS_PER_FILE = 5000
MAX_HTML_ELEMENTS = 100_000
MAX_TITLE_CHARS = 300
MAX_BYLINE_CHARS = 200
MAX_OUTLET_CHARS = 120
