internal import GRDB

/// The store's schema: named migrations, applied in order and never edited once shipped.
///
/// Tables are singular and camelCased. Every child row points at its parent with a cascading foreign key, so
/// deleting a `document` row removes its blocks, marks and sentences, and the triggers GRDB installs take
/// them out of the full-text index (a document's new sentences are indexed as it is written).
enum Schema {
  /// The identifier of the newest migration this build knows.
  static let latestVersion = "v8-graphRowDigests"

  /// The migrator that creates and upgrades the schema.
  static let migrator: DatabaseMigrator = {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-createSchema") { db in
      try db.create(table: "document") { t in
        t.primaryKey("id", .integer)
        t.column("source", .text).notNull().unique()
        t.column("origin", .text).notNull()
        t.column("title", .text)
        t.column("date", .text)
        t.column("format", .text).notNull()
        t.column("contentHash", .text).notNull()
        t.column("text", .text).notNull()
        t.column("warnings", .jsonText).notNull().defaults(to: "[]")
      }
      // The unique (documentId, ordinal) index also serves the foreign key on documentId.
      try db.create(table: "block") { t in
        t.primaryKey("id", .integer)
        t.column("documentId", .integer).notNull().references("document", onDelete: .cascade)
        t.column("ordinal", .integer).notNull()
        t.column("kind", .text).notNull()
        t.column("level", .integer)
        t.column("element", .text).notNull()
        t.column("text", .text).notNull()
        t.column("start", .integer).notNull()
        t.uniqueKey(["documentId", "ordinal"])
      }
      try db.create(table: "mark") { t in
        t.primaryKey("id", .integer)
        t.column("blockId", .integer).notNull().references("block", onDelete: .cascade).indexed()
        t.column("kind", .text).notNull()
        t.column("start", .integer).notNull()
        t.column("end", .integer).notNull()
        t.column("attribute", .text)
      }
      try db.create(table: "sentence") { t in
        t.primaryKey("id", .integer)
        t.column("documentId", .integer).notNull().references("document", onDelete: .cascade)
        t.column("blockId", .integer).notNull().references("block", onDelete: .cascade).indexed()
        t.column("ordinal", .integer).notNull()
        t.column("start", .integer).notNull()
        t.column("end", .integer).notNull()
        t.column("text", .text).notNull()
        t.uniqueKey(["documentId", "ordinal"])
      }
      // External-content index over sentence.text, kept in sync by triggers.
      //
      // Tokenizer: porter stemming over unicode61 (case- and diacritic-folding), with no extra token
      // characters. Adding `.` or `-` as token characters would glue sentence punctuation to words ("VXLAN."
      // would no longer match "VXLAN") and hide "proxy" inside "kube-proxy". Instead, queries are turned into
      // phrases (see `SearchPattern`), so "kube-proxy" and "802.1Q" match as adjacent tokens.
      try db.create(virtualTable: "sentenceSearch", using: FTS5()) { t in
        t.synchronize(withTable: "sentence")
        t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
        t.column("text")
      }
    }
    // The concept graph of the last build: concepts, their surface forms, and every mention with its
    // document, sentence and offsets. A build replaces these rows in one transaction; removing or replacing
    // a document cascades to its mentions.
    migrator.registerMigration("v2-concepts") { db in
      try db.create(table: "concept") { t in
        t.column("id", .text).primaryKey()
        t.column("label", .text).notNull()
        t.column("abbreviation", .text)
        t.column("category", .text)
        t.column("origin", .text).notNull()
        t.column("score", .double).notNull()
        t.column("mentionCount", .integer).notNull()
        t.column("definitionText", .text)
        t.column("definitionDocument", .text)
        t.column("definitionKind", .text)
        t.column("description", .text)
      }
      try db.create(table: "conceptAlias") { t in
        t.column("conceptId", .text).notNull().references("concept", onDelete: .cascade)
        t.column("surface", .text).notNull()
        t.uniqueKey(["conceptId", "surface"])
      }
      try db.create(table: "mention") { t in
        t.primaryKey("id", .integer)
        t.column("conceptId", .text).notNull().references("concept", onDelete: .cascade).indexed()
        t.column("documentId", .integer).notNull().references("document", onDelete: .cascade).indexed()
        t.column("sentenceOrdinal", .integer).notNull()
        t.column("start", .integer).notNull()
        t.column("end", .integer).notNull()
        t.column("surface", .text).notNull()
      }
    }
    // Relations between concepts, typed or `related_to`, each with the sentences that support it.
    migrator.registerMigration("v3-relations") { db in
      try db.create(table: "relation") { t in
        t.primaryKey("id", .integer)
        t.column("sourceId", .text).notNull().references("concept", onDelete: .cascade).indexed()
        t.column("targetId", .text).notNull().references("concept", onDelete: .cascade).indexed()
        t.column("type", .text).notNull()
        t.column("weight", .double).notNull()
        t.uniqueKey(["sourceId", "targetId", "type"])
      }
      try db.create(table: "relationEvidence") { t in
        t.column("relationId", .integer).notNull().references("relation", onDelete: .cascade).indexed()
        t.column("documentId", .integer).notNull().references("document", onDelete: .cascade).indexed()
        t.column("sentence", .text).notNull()
        t.column("start", .integer).notNull()
        t.column("end", .integer).notNull()
      }
    }
    // What the stored graph was built from (a fingerprint of documents, lexicon, options and cnkb's rules), so a
    // build with nothing new can reuse it.
    migrator.registerMigration("v4-buildState") { db in
      try db.create(table: "buildState") { t in
        t.column("key", .text).primaryKey()
        t.column("value", .text).notNull()
      }
    }
    // Every name of every concept under its lookup key (label, abbreviation, aliases and id, normalised by the
    // caller), so a question about one term finds its concept without reading the whole graph.
    migrator.registerMigration("v5-conceptSurface") { db in
      try db.create(table: "conceptSurface") { t in
        t.column("key", .text).notNull().indexed()
        t.column("conceptId", .text).notNull().references("concept", onDelete: .cascade).indexed()
        t.uniqueKey(["key", "conceptId"])
      }
    }
    // Evidence points at its stored sentence instead of holding a copy of the sentence's text: at 100 MB of
    // pages the copies were a third of the file. Rows whose sentence is no longer stored are dropped.
    migrator.registerMigration("v6-evidenceBySentence") { db in
      try db.create(table: "relationEvidenceBySentence") { t in
        t.column("relationId", .integer).notNull().references("relation", onDelete: .cascade)
        t.column("sentenceId", .integer).notNull().references("sentence", onDelete: .cascade)
      }
      try db.execute(
        sql: """
          INSERT INTO relationEvidenceBySentence (relationId, sentenceId)
          SELECT relationEvidence.relationId, sentence.id FROM relationEvidence
          JOIN sentence ON sentence.documentId = relationEvidence.documentId
            AND sentence.start = relationEvidence.start
          ORDER BY relationEvidence.rowid
          """)
      try db.drop(table: "relationEvidence")
      try db.rename(table: "relationEvidenceBySentence", to: "relationEvidence")
      try db.create(index: "relationEvidence_on_relationId", on: "relationEvidence", columns: ["relationId"])
      try db.create(index: "relationEvidence_on_sentenceId", on: "relationEvidence", columns: ["sentenceId"])
    }
    // A stored document's sentences enter the full-text index in one statement, in the transaction that
    // inserts them (`KnowledgeStore.write(_:in:)`), instead of one trigger call per sentence: on 100 MB of
    // pages the per-row trigger took about half of the ingest. The delete and update triggers stay.
    migrator.registerMigration("v7-searchIndexByDocument") { db in
      try db.execute(sql: #"DROP TRIGGER IF EXISTS "__sentenceSearch_ai""#)
    }
    // Each concept and relation row carries a digest of everything stored for it (`GraphRowDigest`), so a
    // rebuild rewrites only the rows whose content changed. Rows stored before have none and are rewritten once.
    migrator.registerMigration("v8-graphRowDigests") { db in
      try db.alter(table: "concept") { t in t.add(column: "digest", .blob) }
      try db.alter(table: "relation") { t in t.add(column: "digest", .blob) }
    }
    return migrator
  }()
}
