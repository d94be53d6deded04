#!/usr/bin/python3
"""Print a fingerprint of what a warta index holds, independent of document
ids and of the order articles were written in: for every article, its data,
its terms with their wdf and positions, its values, and the same of each of
its passages. Two indexes with the same fingerprint hold the same articles,
analyzed the same way. When each article entered the index and last changed
(value slots 7 and 8) are left out: two builds are made at different times.
Used by the tests (python3-xapian)."""
import hashlib
import sys

import xapian


def doc_record(db, did):
    doc = db.get_document(did)
    terms = []
    for t in doc.termlist():
        pos = list(db.positionlist(did, t.term))
        terms.append((t.term, t.wdf, tuple(pos)))
    values = sorted((v.num, v.value) for v in doc.values() if v.num not in (7, 8))
    return repr((doc.get_data(), terms, values)).encode()


def main(path):
    db = xapian.Database(path)
    records = []
    for post in db.postlist("XA"):
        did = post.docid
        group = [t.term for t in db.get_document(did).termlist() if t.term.startswith(b"G")]
        parts = [doc_record(db, did)]
        for g in group:
            for p in db.postlist(g):
                if p.docid != did:
                    parts.append(doc_record(db, p.docid))
        records.append(hashlib.md5(b"".join(parts)).hexdigest())
    records.sort()
    print(hashlib.md5("".join(records).encode()).hexdigest(), len(records))


if __name__ == "__main__":
    main(sys.argv[1])
