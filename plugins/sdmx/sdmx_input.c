/*
 * sdmx_input.c - the bytes of one message: read from a FILE or memory, with
 * the first bytes peeked so that the syntax (SDMX-ML or SDMX-CSV) can be
 * told before a parser takes over the stream.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "sdmx.h"

void sdmx_input_file(sdmx_input *in, FILE *fp)
{
    memset(in, 0, sizeof *in);
    in->fp = fp;
}

void sdmx_input_mem(sdmx_input *in, const char *data, size_t len)
{
    memset(in, 0, sizeof *in);
    in->mem = data;
    in->mem_len = len;
}

/* Read from the underlying source only (not the peeked bytes). */
static long raw_read(sdmx_input *in, char *buf, size_t len)
{
    if (in->fp) {
        size_t n = fread(buf, 1, len, in->fp);
        if (n == 0 && ferror(in->fp)) {
            in->err = errno ? errno : EIO;
            return -1;
        }
        return (long)n;
    }
    size_t left = in->mem_len - in->mem_pos;
    size_t n = len < left ? len : left;
    if (n)
        memcpy(buf, in->mem + in->mem_pos, n);
    in->mem_pos += n;
    return (long)n;
}

long sdmx_input_read(void *ud, char *buf, size_t len)
{
    sdmx_input *in = ud;
    if (in->head_pos < in->head_len) {
        size_t n = in->head_len - in->head_pos;
        if (n > len)
            n = len;
        memcpy(buf, in->head + in->head_pos, n);
        in->head_pos += n;
        return (long)n;
    }
    return raw_read(in, buf, len);
}

int sdmx_input_peek(sdmx_input *in)
{
    while (in->head_len < sizeof in->head) {
        long n = raw_read(in, in->head + in->head_len,
                          sizeof in->head - in->head_len);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        in->head_len += (size_t)n;
    }
    return 0;
}

/* Whether the line s[0..len) has a field that is exactly word (fields end
 * at ',', ';', TAB; quotes around a field are allowed). */
static int line_has_field(const char *s, size_t len, const char *word)
{
    size_t wlen = strlen(word), i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && s[j] != ',' && s[j] != ';' && s[j] != '\t')
            j++;
        size_t a = i, b = j;
        if (b - a >= 2 && s[a] == '"' && s[b - 1] == '"')
            a++, b--;
        if (b - a == wlen && memcmp(s + a, word, wlen) == 0)
            return 1;
        i = j + 1;
    }
    return 0;
}

int sdmx_detect(const sdmx_input *in)
{
    const unsigned char *s = (const unsigned char *)in->head;
    size_t len = in->head_len, i = 0;
    if (len >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) ||
                     (s[0] == 0xFF && s[1] == 0xFE)))
        return SDMX_FMT_XML;   /* UTF-16: only XML is read that way */
    if (len >= 2 && ((s[0] == 0 && s[1] == '<') || (s[0] == '<' && s[1] == 0)))
        return SDMX_FMT_XML;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    size_t start = i;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                       s[i] == '\n'))
        i++;
    if (i < len && s[i] == '<')
        return SDMX_FMT_XML;
    size_t end = start;
    while (end < len && s[end] != '\n' && s[end] != '\r')
        end++;
    if (line_has_field(in->head + start, end - start, "DATAFLOW") &&
        line_has_field(in->head + start, end - start, "OBS_VALUE"))
        return SDMX_FMT_CSV;
    return SDMX_FMT_AUTO;
}

amb_rc sdmx_parse(sdmx_emit *e, sdmx_input *in, int format, uint64_t total)
{
    if (sdmx_input_peek(in) < 0)
        return sdmx_fail(e, AMB_EIO, 0, "read error: %s", strerror(in->err));
    if (in->head_len == 0)
        return sdmx_fail(e, AMB_EPARSE, 0, "the file is empty");
    if (format == SDMX_FMT_AUTO)
        format = sdmx_detect(in);
    if (format == SDMX_FMT_XML)
        return sdmx_xml_parse(e, in, total);
    if (format == SDMX_FMT_CSV)
        return sdmx_csv_parse(e, in, total);
    return sdmx_fail(e, AMB_EPARSE, 0,
                     "neither SDMX-ML (XML) nor SDMX-CSV (a header line with "
                     "DATAFLOW and OBS_VALUE); set the option 'format' to "
                     "read it as one of them");
}
