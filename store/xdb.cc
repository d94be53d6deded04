/*
** xdb.h on Xapian's C++ API. Every entry point runs its body inside
** guard(), which catches every exception and maps it to a WARTA_ code and a
** message kept on the handle: nothing thrown ever crosses into C.
*/
#include "xdb.h"

#include <xapian.h>

#include "xvalues.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <cmath>
#include <sstream>
#include <string>
#include <exception>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

extern "C" {
#include "common/rc.h"
}

/* A shard as opened, and a second connection to it (xdb_read_many()). */
struct xshard {
  std::string path;                         /* a local database, or "" */
  std::string host;                         /* else the remote shard's host */
  unsigned port = 0;                        /* and port */
  useconds_t wait = 0;                      /* the answers' timeout (ms) */
  std::unique_ptr<Xapian::Database> second; /* opened when first wanted */
  bool stale = false;                       /* the database changed since second was opened */
  bool failed = false;                      /* second cannot be had: the first alone reads */
};

struct xdb {
  Xapian::Database *db;        /* the database (a WritableDatabase when writable) */
  Xapian::WritableDatabase *w; /* the same object when writable, else NULL */
  std::string err;             /* the last error */
  bool remote = false;         /* a shard is remote: Xapian's own spies only */
  /* the snapshot's value tables (xvalues.h): one local read-only database
  ** only, dropped when the snapshot changes */
  std::unique_ptr<xvalues::tables> tables;
  std::vector<xshard> shards; /* as opened by xdb_open_parts() (else none) */
  bool second_local = false;  /* a local shard has a second reader too (tests) */
  long second_reads = 0;      /* documents that second readers gave */
  bool value_filters = true;  /* xdb_value_filter() gives one (tests) */
};

struct xdoc {
  Xapian::Document doc; /* the document */
};

struct xread {
  Xapian::Document doc; /* a document of the database, being read */
};

struct xq {
  Xapian::Query q; /* the query */
};

/* Map the exception being handled to a WARTA_ code; msg gets its text. */
static int map_exception(std::string &msg) {
  try {
    throw;
  } catch (const Xapian::DatabaseModifiedError &e) {
    msg = e.get_msg();
    return WARTA_STALE;
  } catch (const Xapian::DatabaseLockError &e) {
    msg = e.get_msg();
    return WARTA_BUSY;
  } catch (const Xapian::DatabaseCorruptError &e) {
    msg = "damaged index: " + e.get_msg();
    return WARTA_CORRUPT;
  } catch (const Xapian::DatabaseVersionError &e) {
    msg = e.get_msg();
    return WARTA_MISMATCH;
  } catch (const Xapian::DatabaseOpeningError &e) {
    msg = e.get_msg();
    return WARTA_NOTFOUND;
  } catch (const Xapian::NetworkError &e) {
    msg = e.get_msg();
    if (!e.get_context().empty()) msg += " (" + e.get_context() + ")";
    return WARTA_IOERR;
  } catch (const Xapian::DocNotFoundError &e) {
    msg = e.get_msg();
    return WARTA_NOTFOUND;
  } catch (const Xapian::Error &e) {
    msg = e.get_description();
    return WARTA_ERROR;
  } catch (const std::bad_alloc &) {
    msg = "out of memory";
    return WARTA_NOMEM;
  } catch (const std::exception &e) {
    msg = e.what();
    return WARTA_ERROR;
  } catch (...) {
    msg = "unknown error";
    return WARTA_ERROR;
  }
}

/* Run f; on an exception keep its message in db (when not NULL). */
template <typename F> static int guard(xdb *db, F f) {
  try {
    if (db) db->err.clear();
    f();
    return WARTA_OK;
  } catch (...) {
    std::string msg;
    int rc = map_exception(msg);
    if (db) {
      try {
        db->err = msg;
      } catch (...) {
      }
    }
    return rc;
  }
}

static char *dup_string(const std::string &s) {
  char *p = static_cast<char *>(malloc(s.size() + 1));
  if (p) {
    memcpy(p, s.data(), s.size());
    p[s.size()] = 0;
  }
  return p;
}

static void set_err(char **err, const std::string &msg) {
  if (err) *err = dup_string(msg);
}

/**************************************************************************
** databases
*/
extern "C" int xdb_open(const char *path, int flags, xdb **out, char **err) {
  *out = NULL;
  if (err) *err = NULL;
  xdb *db = new (std::nothrow) xdb;
  if (!db) return WARTA_NOMEM;
  db->db = NULL;
  db->w = NULL;
  int rc = guard(db, [&] {
    if (flags & XDB_WRITE) {
      int action = (flags & XDB_CREATE) ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN;
      if (flags & XDB_NOSYNC) action |= Xapian::DB_NO_SYNC;
      if (flags & XDB_FULLSYNC) action |= Xapian::DB_FULL_SYNC;
      db->w = new Xapian::WritableDatabase(path, action | Xapian::DB_BACKEND_GLASS);
      db->db = db->w;
    } else {
      db->db = new Xapian::Database(path);
    }
  });
  if (rc) {
    set_err(err, db->err);
    delete db;
    return rc;
  }
  *out = db;
  return WARTA_OK;
}

extern "C" int xdb_open_parts(const xdb_part *parts, int n, unsigned timeout_ms, xdb **out,
                              int *failed, char **err) {
  *out = NULL;
  if (err) *err = NULL;
  if (failed) *failed = -1;
  xdb *db = new (std::nothrow) xdb;
  if (!db) return WARTA_NOMEM;
  db->db = NULL;
  db->w = NULL;
  int at = -1;
  int rc = guard(db, [&] {
    std::unique_ptr<Xapian::Database> all(new Xapian::Database());
    db->shards.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) {
      xshard &sh = db->shards[static_cast<size_t>(i)];
      at = i;
      if (parts[i].path) {
        all->add_database(Xapian::Database(parts[i].path));
        sh.path = parts[i].path;
      } else {
        useconds_t t = timeout_ms ? timeout_ms : 10000;
        all->add_database(Xapian::Remote::open(parts[i].host, parts[i].port, t, t));
        db->remote = true;
        sh.host = parts[i].host;
        sh.port = parts[i].port;
        sh.wait = t;
      }
    }
    at = -1;
    db->db = all.release();
  });
  if (rc) {
    if (failed) *failed = at;
    set_err(err, db->err);
    delete db;
    return rc;
  }
  *out = db;
  return WARTA_OK;
}

extern "C" void xdb_close(xdb *db) {
  if (!db) return;
  guard(db, [&] {
    if (db->db) db->db->close();
  });
  delete db->db;
  delete db;
}

extern "C" const char *xdb_errmsg(const xdb *db) { return db ? db->err.c_str() : ""; }

extern "C" int xdb_reopen(xdb *db, int *changed) {
  return guard(db, [&] {
    /* the tables are the old snapshot's: kept only when it stays (and
    ** dropped when reopen() throws) */
    std::unique_ptr<xvalues::tables> kept(std::move(db->tables));
    bool c = db->db->reopen();
    if (!c) db->tables = std::move(kept);
    for (auto &sh : db->shards)
      sh.stale |= c;
    if (changed) *changed = c ? 1 : 0;
  });
}

extern "C" int xdb_is_remote(const xdb *db) { return db && db->remote; }

extern "C" void xdb_second_readers(xdb *db, int everywhere) { db->second_local = everywhere != 0; }

extern "C" long xdb_second_reads(const xdb *db) { return db->second_reads; }

extern "C" int xdb_parts(xdb *db) {
  size_t n = 0;
  guard(db, [&] { n = db->db->size(); });
  return static_cast<int>(n);
}

extern "C" uint32_t xdb_doccount(xdb *db) {
  uint32_t n = 0;
  guard(db, [&] { n = db->db->get_doccount(); });
  return n;
}

extern "C" xdocid xdb_lastdocid(xdb *db) {
  xdocid n = 0;
  guard(db, [&] { n = db->db->get_lastdocid(); });
  return n;
}

/**************************************************************************
** documents
*/
extern "C" xdoc *xdoc_new(void) { return new (std::nothrow) xdoc; }

extern "C" void xdoc_free(xdoc *d) { delete d; }

extern "C" int xdoc_posting(xdoc *d, const char *t, size_t n, uint32_t pos, uint32_t wdfinc) {
  return guard(NULL, [&] { d->doc.add_posting(std::string(t, n), pos, wdfinc); });
}

extern "C" int xdoc_term(xdoc *d, const char *t, size_t n, uint32_t wdfinc) {
  return guard(NULL, [&] { d->doc.add_term(std::string(t, n), wdfinc); });
}

extern "C" int xdoc_boolean(xdoc *d, const char *t, size_t n) {
  return guard(NULL, [&] { d->doc.add_boolean_term(std::string(t, n)); });
}

extern "C" int xdoc_value(xdoc *d, unsigned slot, const void *v, size_t n) {
  return guard(NULL, [&] { d->doc.add_value(slot, std::string(static_cast<const char *>(v), n)); });
}

extern "C" int xdoc_data(xdoc *d, const void *p, size_t n) {
  return guard(NULL, [&] { d->doc.set_data(std::string(static_cast<const char *>(p), n)); });
}

extern "C" uint32_t xdoc_termcount(xdoc *d) {
  uint32_t n = 0;
  guard(NULL, [&] { n = d->doc.termlist_count(); });
  return n;
}

extern "C" int xdoc_terms(xdoc *d, int (*fn)(void *, const char *, size_t), void *ctx) {
  int stop = 0;
  int rc = guard(NULL, [&] {
    for (Xapian::TermIterator t = d->doc.termlist_begin(); t != d->doc.termlist_end() && !stop;
         ++t) {
      const std::string &term = *t;
      stop = fn(ctx, term.data(), term.size());
    }
  });
  return rc ? rc : stop;
}

extern "C" int xdoc_remove_term(xdoc *d, const char *t, size_t n) {
  std::string term(t, n);
  return guard(NULL, [&] {
    try {
      d->doc.remove_term(term);
    } catch (const Xapian::InvalidArgumentError &) {
      /* not in the document */
    }
  });
}

extern "C" int xdoc_get_data(xdoc *d, char **p, size_t *n) {
  *p = NULL;
  *n = 0;
  return guard(NULL, [&] {
    std::string s = d->doc.get_data();
    if (!(*p = dup_string(s))) throw std::bad_alloc();
    *n = s.size();
  });
}

extern "C" int xdoc_get_value(xdoc *d, unsigned slot, char **p, size_t *n) {
  *p = NULL;
  *n = 0;
  return guard(NULL, [&] {
    std::string s = d->doc.get_value(static_cast<Xapian::valueno>(slot));
    if (!(*p = dup_string(s))) throw std::bad_alloc();
    *n = s.size();
  });
}

extern "C" int xdb_fetch(xdb *db, xdocid did, xdoc **out) {
  *out = NULL;
  xdoc *d = new (std::nothrow) xdoc;
  if (!d) return WARTA_NOMEM;
  int rc = guard(db, [&] { d->doc = db->db->get_document(did); });
  if (rc) {
    delete d;
    return rc;
  }
  *out = d;
  return WARTA_OK;
}

static int not_writable(xdb *db) {
  db->err = "the index is open for reading only";
  return WARTA_ERROR;
}

extern "C" int xdb_add(xdb *db, xdoc *d, xdocid *did) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] {
    xdocid id = db->w->add_document(d->doc);
    if (did) *did = id;
  });
}

extern "C" int xdb_replace_id(xdb *db, xdocid did, xdoc *d) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->replace_document(did, d->doc); });
}

extern "C" int xdb_replace(xdb *db, const char *t, size_t n, xdoc *d) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->replace_document(std::string(t, n), d->doc); });
}

extern "C" int xdb_delete_term(xdb *db, const char *t, size_t n) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->delete_document(std::string(t, n)); });
}

extern "C" int xdb_begin(xdb *db) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->begin_transaction(true); });
}

extern "C" int xdb_commit_txn(xdb *db) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->commit_transaction(); });
}

extern "C" int xdb_cancel_txn(xdb *db) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->cancel_transaction(); });
}

extern "C" int xdb_commit(xdb *db) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->commit(); });
}

extern "C" int xdb_set_metadata(xdb *db, const char *key, const char *value) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->set_metadata(key, value ? value : ""); });
}

extern "C" int xdb_add_synonym(xdb *db, const char *key, size_t nk, const char *syn, size_t ns) {
  if (!db->w) return not_writable(db);
  return guard(db, [&] { db->w->add_synonym(std::string(key, nk), std::string(syn, ns)); });
}

extern "C" int xdb_synonyms(xdb *db, const char *key, size_t nk,
                            int (*fn)(void *, const char *, size_t), void *ctx) {
  int stop = 0;
  int rc = guard(db, [&] {
    std::string k(key, nk);
    for (Xapian::TermIterator i = db->db->synonyms_begin(k); i != db->db->synonyms_end(k); ++i) {
      std::string t = *i;
      if ((stop = fn(ctx, t.data(), t.size())) != 0) break;
    }
  });
  return rc ? rc : stop;
}

extern "C" int xdb_get_metadata(xdb *db, const char *key, char **value) {
  *value = NULL;
  return guard(db, [&] {
    std::string v = db->db->get_metadata(key);
    if (v.empty()) return;
    if (!(*value = dup_string(v))) throw std::bad_alloc();
  });
}

/**************************************************************************
** reading
*/
extern "C" int xdb_termfreq(xdb *db, const char *t, size_t n, uint32_t *tf) {
  *tf = 0;
  return guard(db, [&] { *tf = db->db->get_termfreq(std::string(t, n)); });
}

/* The term frequencies of terms in the whole database. With a remote
** shard, from the statistics of one match with no page, which every shard
** sends in one exchange, where asking term by term costs a remote shard
** one round trip per term; locally term by term, which costs less than
** building that match (each a lookup; the same numbers either way). */
static std::vector<Xapian::doccount> term_freqs(xdb *db, const std::vector<std::string> &terms) {
  std::vector<Xapian::doccount> tf(terms.size(), 0);
  if (terms.empty()) return tf;
  if (!db->remote) {
    for (size_t i = 0; i < terms.size(); i++)
      tf[i] = db->db->get_termfreq(terms[i]);
    return tf;
  }
  Xapian::Enquire enq(*db->db);
  enq.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  Xapian::MSet m = enq.get_mset(0, 0);
  for (size_t i = 0; i < terms.size(); i++)
    tf[i] = m.get_termfreq(terms[i]);
  return tf;
}

extern "C" int xdb_termfreqs(xdb *db, const char *const *t, const size_t *n, int nterm,
                             uint32_t *tf) {
  for (int i = 0; i < nterm; i++)
    tf[i] = 0;
  return guard(db, [&] {
    std::vector<std::string> terms;
    for (int i = 0; i < nterm; i++)
      terms.emplace_back(t[i], n[i]);
    std::vector<Xapian::doccount> v = term_freqs(db, terms);
    for (int i = 0; i < nterm; i++)
      tf[i] = v[static_cast<size_t>(i)];
  });
}

extern "C" int xdb_allterms(xdb *db, const char *prefix, size_t nprefix,
                            int (*fn)(void *, const char *, size_t, uint32_t), void *ctx) {
  int stop = 0;
  int rc = guard(db, [&] {
    std::string p(prefix, nprefix);
    for (Xapian::TermIterator i = db->db->allterms_begin(p); i != db->db->allterms_end(p); ++i) {
      std::string t = *i;
      if ((stop = fn(ctx, t.data(), t.size(), i.get_termfreq())) != 0) break;
    }
  });
  return rc ? rc : stop;
}

extern "C" int xdb_postings(xdb *db, const char *t, size_t n, int (*fn)(void *, xdocid),
                            void *ctx) {
  int stop = 0;
  int rc = guard(db, [&] {
    std::string term(t, n);
    for (Xapian::PostingIterator i = db->db->postlist_begin(term); i != db->db->postlist_end(term);
         ++i) {
      if ((stop = fn(ctx, *i)) != 0) break;
    }
  });
  return rc ? rc : stop;
}

extern "C" int xdb_document(xdb *db, xdocid did, char **data, size_t *n) {
  *data = NULL;
  *n = 0;
  return guard(db, [&] {
    std::string d = db->db->get_document(did).get_data();
    if (!(*data = dup_string(d))) throw std::bad_alloc();
    *n = d.size();
  });
}

extern "C" int xdb_value(xdb *db, xdocid did, unsigned slot, char **val, size_t *n) {
  *val = NULL;
  *n = 0;
  return guard(db, [&] {
    std::string v = db->db->get_document(did).get_value(slot);
    if (v.empty()) return;
    if (!(*val = dup_string(v))) throw std::bad_alloc();
    *n = v.size();
  });
}

extern "C" int xdb_termlist(xdb *db, xdocid did, const char *prefix,
                            int (*fn)(void *, const char *, size_t, uint32_t), void *ctx) {
  int stop = 0;
  int rc = guard(db, [&] {
    std::string p = prefix ? prefix : "";
    Xapian::TermIterator i = db->db->termlist_begin(did);
    if (!p.empty()) i.skip_to(p);
    for (; i != db->db->termlist_end(did); ++i) {
      std::string t = *i;
      if (t.compare(0, p.size(), p) != 0) break;
      if ((stop = fn(ctx, t.data(), t.size(), i.get_wdf())) != 0) break;
    }
  });
  return rc ? rc : stop;
}

extern "C" int xdb_check(const char *path, char **report, char **err) {
  std::ostringstream out;
  size_t errors = 0;
  if (report) *report = NULL;
  if (err) *err = NULL;
  xdb dummy;
  dummy.db = NULL;
  dummy.w = NULL;
  int rc = guard(&dummy,
                 [&] { errors = Xapian::Database::check(path, Xapian::DBCHECK_SHOW_STATS, &out); });
  if (rc) {
    set_err(err, dummy.err);
    return rc;
  }
  if (report) *report = dup_string(out.str());
  if (errors) {
    set_err(err, std::to_string(errors) + " error(s) found by the engine's check");
    return WARTA_CORRUPT;
  }
  return WARTA_OK;
}

extern "C" int xdb_compact(const char *src, const char *dst, char **err) {
  xdb dummy;
  dummy.db = NULL;
  dummy.w = NULL;
  if (err) *err = NULL;
  int rc = guard(&dummy, [&] {
    Xapian::Database d(src);
    d.compact(dst, Xapian::DBCOMPACT_NO_RENUMBER);
  });
  if (rc) set_err(err, dummy.err);
  return rc;
}

extern "C" int xdb_revision(const char *path, uint64_t *rev, char **err) {
  xdb dummy;
  dummy.db = NULL;
  dummy.w = NULL;
  if (err) *err = NULL;
  *rev = 0;
  int rc = guard(&dummy, [&] { *rev = Xapian::Database(path).get_revision(); });
  if (rc) set_err(err, dummy.err);
  return rc;
}

/**************************************************************************
** queries
*/
static xq *wrap(const Xapian::Query &q) {
  xq *r = new (std::nothrow) xq;
  if (!r) return NULL;
  if (guard(NULL, [&] { r->q = q; })) {
    delete r;
    return NULL;
  }
  return r;
}

extern "C" xq *xq_term(const char *t, size_t n, uint32_t wqf) {
  xq *r = NULL;
  guard(NULL, [&] { r = wrap(Xapian::Query(std::string(t, n), wqf ? wqf : 1)); });
  return r;
}

static Xapian::Query::op map_op(xq_kind op) {
  switch (op) {
  case XQ_AND: return Xapian::Query::OP_AND;
  case XQ_OR: return Xapian::Query::OP_OR;
  case XQ_AND_NOT: return Xapian::Query::OP_AND_NOT;
  case XQ_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
  case XQ_FILTER: return Xapian::Query::OP_FILTER;
  case XQ_PHRASE: return Xapian::Query::OP_PHRASE;
  case XQ_NEAR: return Xapian::Query::OP_NEAR;
  case XQ_SYNONYM: return Xapian::Query::OP_SYNONYM;
  case XQ_MAX: return Xapian::Query::OP_MAX;
  case XQ_ELITE_SET: return Xapian::Query::OP_ELITE_SET;
  }
  return Xapian::Query::OP_OR;
}

extern "C" xq *xq_op(xq_kind op, xq *const *sub, int nsub, unsigned param) {
  xq *r = NULL;
  guard(NULL, [&] {
    std::vector<Xapian::Query> v;
    v.reserve(static_cast<size_t>(nsub));
    for (int i = 0; i < nsub; i++)
      v.push_back(sub[i]->q);
    r = wrap(Xapian::Query(map_op(op), v.begin(), v.end(), param));
  });
  return r;
}

extern "C" xq *xq_scale(const xq *sub, double factor) {
  xq *r = NULL;
  guard(NULL, [&] { r = wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->q, factor)); });
  return r;
}

extern "C" xq *xq_value_range(unsigned slot, const char *lo, const char *hi) {
  xq *r = NULL;
  guard(NULL, [&] {
    if (lo && hi)
      r = wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi));
    else if (lo)
      r = wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo));
    else if (hi)
      r = wrap(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi));
    else
      r = wrap(Xapian::Query::MatchAll);
  });
  return r;
}

extern "C" int xdb_value_filter(xdb *db, unsigned slot, const char *lo, const char *hi,
                                int calendar, xq **out, int *outside) {
  *out = NULL;
  *outside = 0;
  if (!db->value_filters || db->remote || db->w || db->db->size() != 1) return WARTA_OK;
  Xapian::Query q;
  int rc = guard(db, [&] {
    if (!db->tables) db->tables.reset(new xvalues::tables);
    std::shared_ptr<const xvalues::table> t = db->tables->now(*db->db, slot);
    if (!t) return;
    std::unique_ptr<xvalues::range_source> r(
        new xvalues::range_source(t, lo ? lo : "", hi ? hi : "", calendar != 0));
    /* a dense range, left out as its complement: the mix's first 60 queries
    ** with date:2019-09 (92% of click-id) 1,345 M -> 1,319 M instructions,
    ** with --since 2019-09-15 --until 2019-09-30 (58%) 1,297 M -> 1,280 M */
    if (r->size() > db->db->get_doccount() / 2) {
      r->invert();
      *outside = 1;
    }
    q = Xapian::Query(r.release()->release());
  });
  if (rc || q.empty()) return rc;
  return (*out = wrap(q)) ? WARTA_OK : WARTA_NOMEM;
}

extern "C" void xdb_value_filters(xdb *db, int on) { db->value_filters = on != 0; }

extern "C" int xdb_prefix_query(xdb *db, const char *prefix, size_t n, unsigned max,
                                unsigned *budget, xq **out) {
  *out = NULL;
  /* the terms this expansion takes are min(matches, max): past the budget
  ** as soon as the matches exceed it, when max does too */
  bool bounded = budget && (!max || *budget < max), over = false;
  int rc = guard(db, [&] {
    std::string p(prefix, n);
    std::vector<std::pair<Xapian::doccount, std::string>> terms;
    for (Xapian::TermIterator t = db->db->allterms_begin(p); t != db->db->allterms_end(p); ++t) {
      if (bounded && terms.size() >= *budget) {
        over = true;
        return;
      }
      terms.emplace_back(t.get_termfreq(), *t);
    }
    if (max && terms.size() > max) {
      /* the most frequent; ties in term order */
      std::stable_sort(
          terms.begin(), terms.end(),
          [](const std::pair<Xapian::doccount, std::string> &a,
             const std::pair<Xapian::doccount, std::string> &b) { return a.first > b.first; });
      terms.resize(max);
      std::sort(
          terms.begin(), terms.end(),
          [](const std::pair<Xapian::doccount, std::string> &a,
             const std::pair<Xapian::doccount, std::string> &b) { return a.second < b.second; });
    }
    std::vector<Xapian::Query> sub;
    sub.reserve(terms.size());
    for (const auto &t : terms)
      sub.emplace_back(t.second);
    Xapian::Query q = sub.empty()
                          ? Xapian::Query::MatchNothing
                          : Xapian::Query(Xapian::Query::OP_SYNONYM, sub.begin(), sub.end());
    if (!(*out = wrap(q))) throw std::bad_alloc();
    if (budget) *budget -= static_cast<unsigned>(terms.size());
  });
  return rc == WARTA_OK && over ? WARTA_TOOBIG : rc;
}

extern "C" xq *xq_match_all(void) { return wrap(Xapian::Query::MatchAll); }

extern "C" xq *xq_match_nothing(void) { return wrap(Xapian::Query::MatchNothing); }

extern "C" void xq_free(xq *q) { delete q; }

extern "C" char *xq_describe(const xq *q) {
  char *r = NULL;
  guard(NULL, [&] { r = dup_string(q->q.get_description()); });
  return r;
}

/**************************************************************************
** searching
*/
static void fill_counts(std::vector<std::pair<std::string, Xapian::doccount>> v, xcount **out,
                        int *nout) {
  *out = static_cast<xcount *>(calloc(v.size() ? v.size() : 1, sizeof(xcount)));
  if (!*out) throw std::bad_alloc();
  *nout = 0;
  for (const auto &p : v) {
    if (!((*out)[*nout].value = dup_string(p.first))) throw std::bad_alloc();
    (*out)[*nout].n = p.second;
    (*nout)++;
  }
}

/* The values of a Xapian spy and their counts, in the tables' order. */
static std::vector<std::pair<std::string, Xapian::doccount>>
spy_counts(const Xapian::ValueCountMatchSpy &spy) {
  std::vector<std::pair<std::string, Xapian::doccount>> v;
  for (Xapian::TermIterator i = spy.values_begin(); i != spy.values_end(); ++i)
    v.emplace_back(*i, i.get_termfreq());
  xvalues::sort_counts(v);
  return v;
}

/* A spy counting the matches it sees. */
struct seen_spy : public Xapian::MatchSpy {
  Xapian::doccount n = 0;
  void operator()(const Xapian::Document &, double) override { n++; }
};

/* The spies of s: slot i counted from its value table (table[i]) where
** db has one worth using, else by a Xapian spy (xspy[i]). */
struct spies {
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> xspy;
  std::vector<const xvalues::table *> table;
  std::unique_ptr<xvalues::spy> tspy;      /* the tables' one spy, or NULL */
  std::unique_ptr<xvalues::distinct> dspy; /* s->distinct's, or NULL */
  std::unique_ptr<seen_spy> seen;          /* s->seen's, or NULL */
};

static void add_spies(xdb *db, const xsearch *s, Xapian::Enquire &enq, spies &sp) {
  int n = s->nspies < XDB_MAX_SPIES ? s->nspies : XDB_MAX_SPIES;
  std::vector<const xvalues::table *> used;
  /* (a spy sees a shard's own document ids: one database only) */
  if ((n > 0 || s->distinct) && !db->remote && !db->w && db->db->size() == 1 && !db->tables)
    db->tables.reset(new xvalues::tables);
  const xvalues::table *d =
      s->distinct && db->tables ? db->tables->get(*db->db, s->distinct_slot, false) : nullptr;
  if (d) {
    sp.dspy.reset(new xvalues::distinct(d));
    enq.add_matchspy(sp.dspy.get());
  }
  /* a spy of warta's own is not sent to a remote shard */
  if (s->seen && !db->remote) {
    sp.seen.reset(new seen_spy);
    enq.add_matchspy(sp.seen.get());
  }
  for (int i = 0; i < n; i++) {
    const xvalues::table *t = db->tables ? db->tables->get(*db->db, s->spy_slot[i]) : nullptr;
    sp.table.push_back(t);
    sp.xspy.emplace_back(t ? nullptr : new Xapian::ValueCountMatchSpy(s->spy_slot[i]));
    if (t)
      used.push_back(t);
    else
      enq.add_matchspy(sp.xspy.back().get());
  }
  if (!used.empty()) {
    sp.tspy.reset(new xvalues::spy(used));
    enq.add_matchspy(sp.tspy.get());
  }
}

/* The spies' counts into r; the values Xapian's spies read charged to the
** tables. */
static void take_spies(xdb *db, const xsearch *s, spies &sp, xresult *r) {
  size_t k = 0;
  r->distinct = sp.dspy ? static_cast<long>(sp.dspy->count()) : -1;
  r->seen = sp.seen ? static_cast<long>(sp.seen->n) : -1;
  /* what the caller counts otherwise goes over the matches: the table
  ** is worth building once they reach the slot's values */
  if (s->distinct && !sp.dspy && db->tables) db->tables->charge(s->distinct_slot, r->est);
  if (sp.tspy) r->spied = sp.tspy->total();
  for (size_t i = 0; i < sp.table.size(); i++) {
    if (sp.table[i]) {
      fill_counts(sp.tspy->counts(k++), &r->count[i], &r->ncount[i]);
      r->tabled++;
      continue;
    }
    fill_counts(spy_counts(*sp.xspy[i]), &r->count[i], &r->ncount[i]);
    r->spied = sp.xspy[i]->get_total();
    if (db->tables) db->tables->charge(s->spy_slot[i], r->spied);
  }
}

extern "C" int xdb_search(xdb *db, const xq *q, const xsearch *s, xresult *r) {
  memset(r, 0, sizeof *r);
  int rc = guard(db, [&] {
    Xapian::Enquire enq(*db->db);
    enq.set_query(q->q);
    if (s->weight.boolean)
      enq.set_weighting_scheme(Xapian::BoolWeight());
    else
      enq.set_weighting_scheme(
          Xapian::BM25Weight(s->weight.k1, 0, 1, s->weight.b, s->weight.min_normlen));
    enq.set_docid_order(Xapian::Enquire::ASCENDING);
    if (s->collapse_slot >= 0)
      enq.set_collapse_key(static_cast<Xapian::valueno>(s->collapse_slot),
                           s->collapse_max > 0 ? s->collapse_max : 1);
    if (s->sort_slot >= 0) {
      enq.set_sort_by_value_then_relevance(static_cast<Xapian::valueno>(s->sort_slot),
                                           s->sort_descending != 0);
    } else if (s->carry) {
      /* the match reads the value as a sort key and hands it back: over
      ** a remote shard it comes in the match's one exchange, where a
      ** document read would be one more round trip per hit */
      enq.set_sort_by_relevance_then_value(static_cast<Xapian::valueno>(s->carry_slot), false);
    }
    spies sp;
    add_spies(db, s, enq, sp);

    Xapian::MSet m = enq.get_mset(static_cast<Xapian::doccount>(s->offset),
                                  static_cast<Xapian::doccount>(s->limit), s->check_at_least);
    r->lower = m.get_matches_lower_bound();
    r->est = m.get_matches_estimated();
    r->upper = m.get_matches_upper_bound();
    r->all_lower = m.get_uncollapsed_matches_lower_bound();
    r->all_upper = m.get_uncollapsed_matches_upper_bound();
    r->max_possible = m.get_max_possible();
    if (m.size()) {
      r->hit = static_cast<xhit *>(calloc(m.size(), sizeof(xhit)));
      if (!r->hit) throw std::bad_alloc();
    }
    for (Xapian::MSetIterator i = m.begin(); i != m.end(); ++i) {
      xhit *h = &r->hit[r->nhit++];
      h->did = *i;
      h->weight = i.get_weight();
      h->collapse_count = i.get_collapse_count();
      if (s->collapse_slot >= 0) {
        std::string k = i.get_collapse_key();
        if (!k.empty() && !(h->key = dup_string(k))) throw std::bad_alloc();
      }
      if (s->carry && s->sort_slot < 0) {
        std::string v = i.get_sort_key();
        if (!v.empty() && !(h->value = dup_string(v))) throw std::bad_alloc();
        h->nvalue = v.size();
      }
    }
    take_spies(db, s, sp, r);
  });
  if (rc) xresult_free(r);
  return rc;
}

extern "C" void xresult_free(xresult *r) {
  if (!r) return;
  for (int i = 0; i < r->nhit; i++) {
    free(r->hit[i].key);
    free(r->hit[i].value);
  }
  free(r->hit);
  for (int s = 0; s < XDB_MAX_SPIES; s++) {
    for (int i = 0; i < r->ncount[s]; i++)
      free(r->count[s][i].value);
    free(r->count[s]);
  }
  memset(r, 0, sizeof *r);
}

namespace {
/* Expand with lowercase terms only (no prefixed terms) of some length. */
class LowercaseDecider : public Xapian::ExpandDecider {
  size_t minlen;

public:
  explicit LowercaseDecider(size_t m) : minlen(m) {}
  bool operator()(const std::string &t) const override {
    return t.size() >= minlen && !(t[0] >= 'A' && t[0] <= 'Z');
  }
};
} // namespace

/* Over remote shards each request about a document (its data and values,
** its length) is a round trip, and a shard's connection answers one
** request at a time (Xapian 1.4's MSet::fetch() does not prefetch
** remotely). So by_shard() runs job(i) for the documents did[0..n) of each
** remote shard on a thread of its own, over that shard's connection: the
** shards' round trips overlap, where one after the other they add up. A
** thread touches only its shard's part of the database; job must write
** only what belongs to its i. Local shards answer without waiting: their
** jobs run here. An exception of a job is kept and the first (in shard
** order) thrown here, once every thread has been joined. */
namespace {
/* Threads joined however the scope is left (a joinable std::thread
** destroyed ends the process). */
struct joined {
  std::vector<std::thread> v;
  ~joined() {
    for (auto &t : v)
      if (t.joinable()) t.join();
  }
};

template <typename F>
void by_shard(xdb *db, const xdocid *did, int n, const std::vector<char> &lane, F job) {
  size_t nsub = db->db->size();
  if (nsub < 1) nsub = 1;
  /* indices of did, by shard (Xapian's shard of did) and lane */
  std::vector<std::vector<int>> part(2 * nsub);
  for (int i = 0; i < n; i++)
    part[2 * ((did[i] - 1) % nsub) + (lane.empty() ? 0 : lane[static_cast<size_t>(i)])].push_back(
        i);
  std::vector<std::exception_ptr> failed(part.size());
  auto run = [&](size_t k) {
    try {
      for (int i : part[k])
        job(i);
    } catch (...) {
      failed[k] = std::current_exception();
    }
  };
  {
    joined threads;
    threads.v.reserve(part.size());
    size_t here = part.size(); /* a part this thread reads, while the others run */
    for (size_t k = 0; k < part.size(); k++) {
      if (part[k].empty()) continue;
      if (here == part.size()) {
        here = k;
      } else if (!db->remote) {
        run(k);
      } else {
        try {
          threads.v.emplace_back(run, k);
        } catch (const std::system_error &) {
          run(k); /* no thread to be had */
        }
      }
    }
    if (here < part.size()) run(here);
  }
  for (auto &e : failed)
    if (e) std::rethrow_exception(e);
}

template <typename F> void by_shard(xdb *db, const xdocid *did, int n, F job) {
  by_shard(db, did, n, std::vector<char>(), job);
}
} // namespace

/* Xapian's expansion (Enquire::get_eset) asks a remote shard for each
** candidate term's collection frequency, one round trip each: about 760
** per shard for a two-word query's 10 articles. The same weighting
** (TradEWeight, the default scheme: Robertson's relevance weight times
** the sum over the articles of (k + 1) wdf / (k doclen / avlen + wdf),
** k 1) is computed here from the articles' terms (the caller's lists,
** else their term lists, one request each) and the candidates' term
** frequencies, which a match with no page brings from every shard in one
** exchange (its statistics), for the few candidates that may be among
** the best. */
namespace {
struct expand_stat {
  Xapian::doccount r = 0; /* articles holding the term */
  double multiplier = 0;
};
/* hashed: the candidates are ordered (by bound, then term) where it
** matters; on bench/speed.py's first 60 queries a tree cost 17 M
** instructions more (89.5 M -> 72.6 M in xdb_expand) */
typedef std::unordered_map<std::string, expand_stat> expand_stats;

/* The candidate terms of the articles rel[0..nrel) into stat: the
** articles holding each and its multiplier. */
void expand_candidates(xdb *db, const xrel *rel, int nrel, size_t minlen, expand_stats &stat) {
  LowercaseDecider decider(minlen);
  const double avlen = db->db->get_avlength(), k = 1.0;
  /* the listed articles' lengths: the sum of each one's wdfs, kept by the
  ** engine (one short exchange each remotely, the shards' side by side) */
  std::vector<xdocid> did;
  for (int i = 0; i < nrel; i++)
    if (rel[i].listed) did.push_back(rel[i].did);
  std::vector<Xapian::termcount> len(did.size());
  by_shard(db, did.data(), static_cast<int>(did.size()), [&](int i) {
    len[static_cast<size_t>(i)] = db->db->get_doclength(did[static_cast<size_t>(i)]);
  });
  size_t next_len = 0;
  for (int i = 0; i < nrel; i++) {
    std::vector<std::pair<std::string, Xapian::termcount>> terms;
    Xapian::termcount doclen = 0; /* the sum of its wdfs */
    if (rel[i].listed) {
      doclen = len[next_len++];
      size_t at = 0;
      for (int j = 0; j < rel[i].nterm; at += rel[i].len[j++]) {
        std::string t(rel[i].bytes + at, rel[i].len[j]);
        if (decider(t)) terms.emplace_back(t, rel[i].wdf[j] ? rel[i].wdf[j] : 1);
      }
    } else {
      for (Xapian::TermIterator t = db->db->termlist_begin(rel[i].did);
           t != db->db->termlist_end(rel[i].did); ++t) {
        Xapian::termcount wdf = t.get_wdf();
        doclen += wdf;
        if (decider(*t)) terms.emplace_back(*t, wdf ? wdf : 1);
      }
    }
    for (const auto &tw : terms) {
      expand_stat &e = stat[tw.first];
      e.r++;
      e.multiplier +=
          (k + 1) * tw.second / (avlen > 0 ? k * doclen / avlen + tw.second : k + tw.second);
    }
  }
}

/* TradEWeight of a term held by e.r of the R articles and by tf of the N. */
struct trade_weight {
  double N, R;
  double operator()(const expand_stat &e, double tf) const {
    double r = e.r, without = R - r;
    return e.multiplier *
           log((r + 0.5) * (N - tf - without + 0.5) / ((tf - r + 0.5) * (without + 0.5)));
  }
};

typedef std::vector<std::pair<double, const std::string *>> weighed_terms;

/*
** The terms of stat that may be among the best n, with their positive
** weights (unsorted). A term's weight falls as its frequency rises, and
** tf >= r: so weight(r) bounds it, and a term whose bound is below the
** n-th best weight known cannot be among the best. Frequencies are asked
** for the terms of the greatest bounds first, in rounds that double
** (from 32: bench/README.md, "Round trips, third pass"), until the next
** bound falls below the n-th best: the same terms and weights as asking
** for every one (a remote shard opened a postlist for each of about 440
** terms a query in one match, the bulk of a feedback query's time).
*/
weighed_terms bounded_weights(xdb *db, const expand_stats &stat, const trade_weight &weight,
                              int n) {
  std::vector<std::pair<double, const expand_stats::value_type *>> order;
  order.reserve(stat.size());
  for (const auto &e : stat)
    order.emplace_back(weight(e.second, e.second.r), &e);
  std::sort(order.begin(), order.end(), [](const auto &a, const auto &b) {
    return a.first != b.first ? a.first > b.first : a.second->first < b.second->first;
  });
  weighed_terms best;
  for (size_t done = 0, batch = 32;; batch *= 2) {
    double floor = 0; /* a bound must pass it: the n-th best so far */
    if (best.size() >= static_cast<size_t>(n)) {
      std::nth_element(best.begin(), best.begin() + (n - 1), best.end(),
                       [](const auto &a, const auto &b) { return a.first > b.first; });
      floor = best[static_cast<size_t>(n - 1)].first;
    }
    size_t end = done;
    while (end < order.size() && end < done + batch && order[end].first > 0 &&
           !(order[end].first < floor))
      end++;
    if (end == done) break;
    std::vector<std::string> cand;
    for (size_t i = done; i < end; i++)
      cand.push_back(order[i].second->first);
    std::vector<Xapian::doccount> freq = term_freqs(db, cand);
    for (size_t i = done; i < end; i++) {
      double w = weight(order[i].second->second, freq[i - done]);
      if (w > 0) best.emplace_back(w, &order[i].second->first);
    }
    done = end;
  }
  return best;
}
} // namespace

extern "C" int xdb_expand(xdb *db, const xrel *rel, int nrel, int n, size_t minlen,
                          int (*fn)(void *, const char *, size_t, double), void *ctx) {
  int stop = 0;
  int rc = guard(db, [&] {
    expand_stats stat;
    expand_candidates(db, rel, nrel, minlen, stat);
    if (stat.empty() || n <= 0) return;
    trade_weight weight{static_cast<double>(db->db->get_doccount()), static_cast<double>(nrel)};
    weighed_terms best = bounded_weights(db, stat, weight, n);
    std::sort(best.begin(), best.end(), [](const auto &a, const auto &b) {
      return a.first != b.first ? a.first > b.first : *a.second < *b.second;
    });
    for (size_t i = 0; i < best.size() && i < static_cast<size_t>(n) && !stop; i++)
      stop = fn(ctx, best[i].second->data(), best[i].second->size(), best[i].first);
  });
  return rc ? rc : stop;
}

/**************************************************************************
** added later (kept at the end)
*/
extern "C" int xdb_open_revision(xdb *db, uint64_t *rev) {
  *rev = 0;
  return guard(db, [&] {
    try {
      *rev = db->db->get_revision();
    } catch (const Xapian::InvalidOperationError &) {
      /* several shards: no single revision */
    }
  });
}

extern "C" int xdb_read(xdb *db, xdocid did, xread **out) {
  *out = NULL;
  return guard(db, [&] {
    Xapian::Document doc = db->db->get_document(did, Xapian::DOC_ASSUME_VALID);
    *out = new xread{doc};
  });
}

extern "C" int xread_value(xdb *db, xread *r, unsigned slot, char **v, size_t *n) {
  *v = NULL;
  *n = 0;
  return guard(db, [&] {
    std::string s = r->doc.get_value(static_cast<Xapian::valueno>(slot));
    if (s.empty()) return;
    if (!(*v = dup_string(s))) throw std::bad_alloc();
    *n = s.size();
  });
}

extern "C" int xread_data(xdb *db, xread *r, char **data, size_t *n) {
  *data = NULL;
  *n = 0;
  return guard(db, [&] {
    std::string s = r->doc.get_data();
    if (!(*data = dup_string(s))) throw std::bad_alloc();
    *n = s.size();
  });
}

extern "C" void xread_free(xread *r) { delete r; }

#define SECOND_WAIT_MS 1000 /* the most a second connection waits for an answer */

/* Shard k's second reader (opened, or reopened when stale, here): NULL
** when there is none to be had. Only its lane's thread calls it. */
static Xapian::Database *second_reader(xdb *db, size_t k) {
  xshard &sh = db->shards[k];
  if (sh.failed) return nullptr;
  try {
    if (!sh.second) {
      /* a server slow to take or answer a second connection is read by
      ** the first alone, after a short wait */
      useconds_t t = std::min<useconds_t>(sh.wait, SECOND_WAIT_MS);
      sh.second.reset(new Xapian::Database(sh.host.empty()
                                               ? Xapian::Database(sh.path)
                                               : Xapian::Remote::open(sh.host, sh.port, t, t)));
    } else if (sh.stale) {
      sh.second->reopen();
    }
    sh.stale = false;
    return sh.second.get();
  } catch (...) {
    sh.second.reset();
    sh.failed = true;
    return nullptr;
  }
}

/*
** A remote shard answers one request at a time on a connection, and a
** document read is one round trip: the page's hits on one shard were
** read one after the other (by_shard above). A remote shard with two or
** more of them to read now gives the second half to a second connection
** (a server process of its own, opened once and kept), on a thread of its
** own. That connection may see another revision than the first (it is
** reopened when the first finds the database changed, which leaves a
** moment between the two): a document it reads is kept only when its
** value in slot is the one the caller knows (what the match carried: the
** occurrence table, which changes with the article's text), else it is
** read again on the first connection, as is every one that the second
** could not read.
*/
extern "C" int xdb_read_many(xdb *db, const xdocid *did, int n, unsigned slot,
                             const char *const *known, const size_t *nknown, xread **out) {
  for (int i = 0; i < n; i++)
    out[i] = NULL;
  std::vector<Xapian::Document> doc;
  int rc = guard(db, [&] {
    size_t nsub = std::max<size_t>(db->db->size(), 1);
    doc.resize(static_cast<size_t>(n));
    /* which documents the second readers take: the later half of each
    ** shard's that the caller knows a value of, where the shard has one */
    std::vector<int> per(nsub), half(nsub);
    std::vector<char> second(static_cast<size_t>(n), 0), again(static_cast<size_t>(n), 0);
    for (int i = 0; known && i < n; i++)
      per[(did[i] - 1) % nsub] += known[i] != NULL;
    for (size_t k = 0; k < nsub && k < db->shards.size(); k++)
      half[k] = (db->shards[k].host.empty() && !db->second_local) || db->shards[k].failed
                    ? 0
                    : per[k] / 2;
    for (int i = n - 1; known && i >= 0; i--) {
      size_t k = (did[i] - 1) % nsub;
      if (known[i] && half[k] > 0) second[static_cast<size_t>(i)] = 1, half[k]--;
    }
    by_shard(db, did, n, second, [&](int i) {
      size_t k = (did[i] - 1) % nsub;
      if (!second[static_cast<size_t>(i)]) {
        doc[static_cast<size_t>(i)] = db->db->get_document(did[i], Xapian::DOC_ASSUME_VALID);
        return;
      }
      Xapian::Database *r = second_reader(db, k);
      try {
        if (r) {
          Xapian::Document d = r->get_document((did[i] - 1) / nsub + 1);
          if (d.get_value(slot) == std::string(known[i], nknown[i])) {
            doc[static_cast<size_t>(i)] = d;
            return;
          }
        }
      } catch (...) {
        db->shards[k].stale = true; /* reopened before it reads again */
      }
      again[static_cast<size_t>(i)] = 1;
    });
    for (int i = 0; i < n; i++) {
      if (again[static_cast<size_t>(i)])
        doc[static_cast<size_t>(i)] = db->db->get_document(did[i], Xapian::DOC_ASSUME_VALID);
      else
        db->second_reads += second[static_cast<size_t>(i)];
    }
    for (int i = 0; i < n; i++)
      out[i] = new xread{doc[static_cast<size_t>(i)]};
  });
  if (rc)
    for (int i = 0; i < n; i++) {
      delete out[i];
      out[i] = NULL;
    }
  return rc;
}
