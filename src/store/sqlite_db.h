// A thin RAII layer over the SQLite C API for the state store: a connection,
// prepared statements and one all-or-nothing transaction. Errors come back as
// Status naming the database file and SQLite's message.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace dragnet {

class SqliteStmt {
 public:
  SqliteStmt(sqlite3_stmt* stmt, std::string where) : stmt_(stmt), where_(std::move(where)) {}
  ~SqliteStmt();
  SqliteStmt(SqliteStmt&& o) noexcept : stmt_(o.stmt_), where_(std::move(o.where_)) { o.stmt_ = nullptr; }
  SqliteStmt(const SqliteStmt&) = delete;

  // Binds parameters 1..n in order.
  SqliteStmt& Bind(int index, int64_t v);
  SqliteStmt& Bind(int index, double v);
  SqliteStmt& Bind(int index, const std::string& v);
  // A row is ready (true), the statement is done (false), or an error.
  Result<bool> Step();
  // Runs the statement to its end (for writes), then resets it for new bindings.
  Status Run();
  void Reset();

  int64_t Int(int col) const;
  double Real(int col) const;
  std::string Text(int col) const;

 private:
  sqlite3_stmt* stmt_;
  std::string where_;
};

class SqliteDb {
 public:
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;

  // Opens `path` (created when `create`); the error names the path.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, bool create);

  Status Exec(const std::string& sql);
  Result<SqliteStmt> Prepare(const std::string& sql);
  // The single value of a one-row, one-column query (as text); "" when no row.
  Result<std::string> Scalar(const std::string& sql);
  // Runs `body` between BEGIN IMMEDIATE and COMMIT; rolls back when `body` or
  // the commit fails, so the database keeps what it held before.
  Status Transaction(const std::function<Status()>& body);

  const std::string& path() const { return path_; }

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Error(const std::string& what) const;
  sqlite3* db_;
  std::string path_;
};

}  // namespace dragnet
