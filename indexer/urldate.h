/*
** A record's date against the date in its URL's path. Feeds that passed
** through a spreadsheet carry dates with the day and the month swapped
** (2019-12-09 where the URL says /2019/09/12/); the URL, written by the
** outlet's own system when it published, is the one to trust.
*/
#ifndef WARTA_URLDATE_H
#define WARTA_URLDATE_H

/*
** date (YYYY-MM-DD) and url: when the URL's path holds /YYYY/MM/DD/ (or
** ends with it) of the same year with the day and the month of date
** swapped (and they differ), the URL's date into out and 1; else 0.
*/
int url_date_swapped(const char *date, const char *url, char out[11]);

#endif
