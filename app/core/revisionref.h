#pragma once

#include <QString>

namespace revisor {

/// Where a database stands in a migration set: at base (nothing applied) or at one revision.
/// The one type for a version, so that base is never spelled as an empty string, an index of
/// -1 or the word "base" by hand. Ids have no length limit here; a version table that can
/// only hold short ids checks that itself.
class RevisionRef
{
public:
    /// Base: nothing applied.
    RevisionRef() = default;
    /// The revision `id`; an empty id is base (the form version tables and reports store).
    explicit RevisionRef(QString id) : m_id(std::move(id)) {}
    static RevisionRef base() { return {}; }

    bool isBase() const { return m_id.isEmpty(); }
    /// The revision id; empty for base.
    const QString &id() const { return m_id; }
    /// As people read it: the id, or "base".
    QString label() const { return isBase() ? QStringLiteral("base") : m_id; }

    friend bool operator==(const RevisionRef &, const RevisionRef &) = default;

private:
    QString m_id;
};

} // namespace revisor
