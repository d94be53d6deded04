/*
** Value tables (C++, for xdb.cc alone): for a slot (source, month,
** language, date; a story's id), each document's value as a number in an
** array by document id, read from the slot's value stream once per
** snapshot of the database. A match spy then counts a match's value with
** an array lookup, where Xapian's ValueCountMatchSpy decodes the value
** stream up to the match and copies the value into a map: that read is
** most of what facets cost (bench/filters.py). The same lookup counts the
** distinct values of the matches (the stories that folded results make).
**
** Counts stay exact: a table is the snapshot's own values, and it is
** dropped whenever the snapshot changes (xdb_reopen). Only a local,
** read-only database of one shard has tables: a remote shard runs the
** match spies itself, and knows only Xapian's own; over several shards a
** spy sees each shard's own document ids, and not which shard they
** belong to.
**
** A table costs one read of the whole stream, about what spies pay to
** count every document once. So a slot's table is built only after the
** spies have read as many values of that slot as the stream holds (the
** ski-rental rule): a one-off query pays nothing more, a warm process at
** most twice what the tables would have cost from the start.
*/
#ifndef WARTA_XVALUES_H
#define WARTA_XVALUES_H

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace xvalues {

/* The table of one slot. */
struct table {
  size_t nvalue = 0;                  /* distinct values, numbered 1.. */
  std::vector<std::string> value;     /* value[k - 1] is value number k
                                      ** (empty in a table of numbers only) */
  std::vector<Xapian::doccount> freq; /* freq[k - 1]: documents with it (likewise) */
  std::vector<uint32_t> of;           /* by document id: its value number, 0: none */
};

/* The tables of one snapshot, built on demand. */
class tables {
public:
  /* The table of slot, or NULL when the spies should read values: not yet
  ** worth building, or too many distinct values to name. Builds it when the spies' reads of slot
  *(or the
  ** matches counted otherwise, charge()) have reached its values in the
  ** database.
  ** With names 0 the table may hold the numbers alone (what a count of
  ** distinct values needs: a story's id per article would otherwise cost
  ** a string per article). */
  const table *get(const Xapian::Database &db, Xapian::valueno slot, bool names = true);
  /* The table of slot with its values (names), built now when not yet:
  ** for a caller that would otherwise read as many postings as the slot
  ** holds values. NULL when it would name too many. */
  std::shared_ptr<const table> now(const Xapian::Database &db, Xapian::valueno slot);
  /* The spies read n values of slot (or counted n matches otherwise). */
  void charge(Xapian::valueno slot, Xapian::doccount n);

private:
  struct entry {
    Xapian::valueno slot;
    uint64_t read = 0;                  /* values the spies read */
    bool refused = false;               /* too many values to name */
    std::shared_ptr<const table> built; /* or NULL */
  };
  entry &at(Xapian::valueno slot);
  std::vector<entry> slots_;
};

/* A match spy counting the values of several slots from their tables. */
class spy : public Xapian::MatchSpy {
public:
  explicit spy(std::vector<const table *> t);
  void operator()(const Xapian::Document &doc, double wt) override;
  /* Slot i's values and their counts (counted ones only), most first,
  ** then by value (ValueCountMatchSpy's order). */
  std::vector<std::pair<std::string, Xapian::doccount>> counts(size_t i) const;
  /* The matches it saw. */
  Xapian::doccount total() const { return total_; }

private:
  Xapian::doccount total_ = 0;
  std::vector<const table *> t_;
  std::vector<std::vector<Xapian::doccount>> n_; /* per slot, by value number */
};

/* A match spy counting the distinct values of one slot over the matches
** from its table; a match without a value counts as one of its own. */
class distinct : public Xapian::MatchSpy {
public:
  explicit distinct(const table *t) : t_(t), seen_(t->nvalue + 1, false) {}
  void operator()(const Xapian::Document &doc, double wt) override;
  Xapian::doccount count() const { return n_; }

private:
  Xapian::doccount n_ = 0;
  const table *t_;
  std::vector<bool> seen_; /* by value number */
};

/* The documents whose value in a table's slot lies within [lo, hi] (an
** empty bound is open), as a filter: a candidate of the match is checked
** with an array lookup, where a value range decodes the slot's stream up to
** it and an OR of date terms walks their postings (on the dense ranges a
** newsroom asks for, such as a month of a year's archive, about as many
** postings as the range holds, in each of a query's matches). Weight 0;
** for one local database (not sent to a remote shard). */
class range_source : public Xapian::PostingSource {
public:
  /* calendar: lo and hi are both given and days, and the range is matched
  ** as its date terms match it (calendar_within); else by byte order, as a
  ** value range is */
  range_source(std::shared_ptr<const table> t, const std::string &lo, const std::string &hi,
               bool calendar);
  /* From now on, the documents outside the range instead (those without a
  ** value too: the range's complement, for a match to leave out). */
  void invert();
  /* The documents it lists. */
  Xapian::doccount size() const { return n_; }
  Xapian::doccount get_termfreq_min() const override { return n_; }
  Xapian::doccount get_termfreq_est() const override { return n_; }
  Xapian::doccount get_termfreq_max() const override { return n_; }
  void init(const Xapian::Database &) override { did_ = 0, on_ = false; }
  void next(double) override { skip_to(did_ + 1, 0); }
  void skip_to(Xapian::docid did, double) override;
  bool check(Xapian::docid did, double) override;
  bool at_end() const override { return did_ >= t_->of.size(); }
  Xapian::docid get_docid() const override { return did_; }
  Xapian::PostingSource *clone() const override { return new range_source(t_, keep_, n_); }

private:
  range_source(std::shared_ptr<const table> t, std::vector<char> keep, Xapian::doccount n)
      : t_(std::move(t)), keep_(std::move(keep)), n_(n) {}
  std::shared_ptr<const table> t_;
  std::vector<char> keep_; /* by value number (0: none): listed */
  Xapian::doccount n_ = 0; /* documents listed */
  Xapian::docid did_ = 0;  /* the current one, or where a check failed */
  bool on_ = false;        /* did_ is a match (or the end) */
};

/* The order of facet values: most first, then by value. */
void sort_counts(std::vector<std::pair<std::string, Xapian::doccount>> &v);

} // namespace xvalues

#endif
