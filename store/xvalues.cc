/* Value tables: see xvalues.h. */
#include "xvalues.h"

#include <algorithm>
#include <unordered_map>

namespace xvalues {

/* A table of the values themselves holds no more than this many: past it
** the slot is left to Xapian's spies (a copy's id, say, never a facet),
** where a string per document would cost more than the spies save. A
** table of numbers alone has no such bound. */
static const size_t MAX_NAMED = 65535;

tables::entry &tables::at(Xapian::valueno slot) {
  for (auto &e : slots_)
    if (e.slot == slot) return e;
  slots_.emplace_back();
  slots_.back().slot = slot;
  return slots_.back();
}

void tables::charge(Xapian::valueno slot, Xapian::doccount n) { at(slot).read += n; }

/* The table of slot in db, with the values themselves when names; NULL
** when it would name more than MAX_NAMED. */
static std::shared_ptr<table> build(const Xapian::Database &db, Xapian::valueno slot, bool names) {
  std::shared_ptr<table> t(new table);
  std::unordered_map<std::string, uint32_t> number;
  t->of.assign(static_cast<size_t>(db.get_lastdocid()) + 1, 0);
  for (Xapian::ValueIterator v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
    Xapian::docid did = v.get_docid();
    if (did >= t->of.size()) continue; /* not in this snapshot's range: cannot be */
    auto k = number.emplace(*v, static_cast<uint32_t>(number.size() + 1));
    if (k.second && names) {
      if (number.size() > MAX_NAMED) return nullptr;
      t->value.push_back(*v);
      t->freq.push_back(0);
    }
    t->of[did] = k.first->second;
    if (names) t->freq[k.first->second - 1]++;
  }
  t->nvalue = number.size();
  return t;
}

/* Whether t serves a caller that needs the values themselves (names). */
static bool serves(const std::shared_ptr<const table> &t, bool names) {
  return t && (!names || t->value.size() == t->nvalue);
}

const table *tables::get(const Xapian::Database &db, Xapian::valueno slot, bool names) {
  entry &e = at(slot);
  if (!serves(e.built, names) && !(names && e.refused) && e.read >= db.get_value_freq(slot)) {
    std::shared_ptr<const table> t = build(db, slot, names);
    if (t)
      e.built = t;
    else
      e.refused = true;
  }
  return serves(e.built, names) ? e.built.get() : nullptr;
}

spy::spy(std::vector<const table *> t) : t_(std::move(t)) {
  for (const table *x : t_)
    n_.emplace_back(x->value.size() + 1, 0);
}

void spy::operator()(const Xapian::Document &doc, double) {
  Xapian::docid did = doc.get_docid();
  total_++;
  for (size_t i = 0; i < t_.size(); i++)
    if (did < t_[i]->of.size()) n_[i][t_[i]->of[did]]++;
}

void distinct::operator()(const Xapian::Document &doc, double) {
  Xapian::docid did = doc.get_docid();
  uint32_t k = did < t_->of.size() ? t_->of[did] : 0;
  if (k == 0 || !seen_[k]) n_++;
  if (k) seen_[k] = true;
}

std::vector<std::pair<std::string, Xapian::doccount>> spy::counts(size_t i) const {
  std::vector<std::pair<std::string, Xapian::doccount>> v;
  for (size_t k = 1; k < n_[i].size(); k++)
    if (n_[i][k]) v.emplace_back(t_[i]->value[k - 1], n_[i][k]);
  sort_counts(v);
  return v;
}

void sort_counts(std::vector<std::pair<std::string, Xapian::doccount>> &v) {
  std::sort(v.begin(), v.end(),
            [](const std::pair<std::string, Xapian::doccount> &a,
               const std::pair<std::string, Xapian::doccount> &b) {
              return a.second != b.second ? a.second > b.second : a.first < b.first;
            });
}

} // namespace xvalues
