#include "schema/repairscript.h"
#include "schema/repairbuilder.h"

namespace revisor {

namespace repair {

Builder::Builder(const Snapshot &current, const Snapshot &wanted)
    : current(current), wanted(wanted)
{
}

void Builder::add(Phase phase, const QString &sql, const DiffEntry &repairs)
{
    add(phase, sql, entryText(repairs));
}

void Builder::add(Phase phase, const QString &sql, const QString &repairs)
{
    m_phases[phase].append({sql, repairs});
}

void Builder::cannot(const DiffEntry &entry, const QString &reason)
{
    const UnrepairableDiff u{entry, reason};
    for (const UnrepairableDiff &known : std::as_const(m_unrepairable)) {
        if (known.covers(entry))
            return;
    }
    m_unrepairable.append(u);
}

bool Builder::firstTime(const QString &key)
{
    if (m_seen.contains(key))
        return false;
    m_seen.insert(key);
    return true;
}

RepairScript Builder::finish()
{
    RepairScript script;
    for (const QList<RepairStatement> &phase : m_phases)
        script.statements += phase;
    script.unrepairable = m_unrepairable;
    return script;
}

QString aclReason()
{
    return QStringLiteral("privileges are captured as ACL text; Revisor does not generate GRANT/REVOKE from it yet");
}

// Identifiers are quoted always: the script is SQL to run, not text to read.
QString q(const QString &name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString q(const QString &schema, const QString &name)
{
    return q(schema) + QLatin1Char('.') + q(name);
}

QString literal(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString commentOn(const QString &what, const QString &comment)
{
    return QStringLiteral("COMMENT ON %1 IS %2").arg(what, comment.isEmpty() ? QStringLiteral("NULL") : literal(comment));
}

QString onCurrentDatabase(const QString &before, const QString &after)
{
    // The database's name is not in the snapshot (a copy compares equal to its original):
    // format() splices it in on the server.
    const auto escaped = [](QString text) { return text.replace(QLatin1Char('%'), QStringLiteral("%%")); };
    return QStringLiteral("DO $revisor$BEGIN EXECUTE format(%1, current_database()); END$revisor$")
        .arg(literal(escaped(before) + QStringLiteral("%I") + escaped(after)));
}

namespace {

// "a=1, b=x" -> {a: 1, b: x}, in order. Values with ", " in them are not told apart from the
// next option: array_to_string() wrote them so.
QList<std::pair<QString, QString>> parseOptions(const QString &captured)
{
    QList<std::pair<QString, QString>> out;
    if (captured.isEmpty())
        return out;
    for (const QString &part : captured.split(QStringLiteral(", "))) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        out.append({part.left(eq), eq < 0 ? QString() : part.mid(eq + 1)});
    }
    return out;
}

QString optionValue(const QList<std::pair<QString, QString>> &options, const QString &name, bool *found)
{
    for (const auto &[n, v] : options) {
        if (n == name) {
            *found = true;
            return v;
        }
    }
    *found = false;
    return {};
}

} // namespace

QString optionsSql(const QString &captured)
{
    QStringList parts;
    for (const auto &[name, value] : parseOptions(captured))
        parts << q(name) + QLatin1Char(' ') + literal(value);
    return parts.join(QStringLiteral(", "));
}

QString optionChanges(const QString &from, const QString &to)
{
    const auto a = parseOptions(from), b = parseOptions(to);
    QStringList parts;
    for (const auto &[name, value] : a) {
        bool found = false;
        optionValue(b, name, &found);
        if (!found)
            parts << QStringLiteral("DROP ") + q(name);
    }
    for (const auto &[name, value] : b) {
        bool found = false;
        const QString old = optionValue(a, name, &found);
        if (!found)
            parts << QStringLiteral("ADD %1 %2").arg(q(name), literal(value));
        else if (old != value)
            parts << QStringLiteral("SET %1 %2").arg(q(name), literal(value));
    }
    return parts.isEmpty() ? QString() : QStringLiteral("OPTIONS (%1)").arg(parts.join(QStringLiteral(", ")));
}

QString enabledSql(const QString &enabled)
{
    if (enabled == QLatin1String("disabled"))
        return QStringLiteral("DISABLE");
    if (enabled == QLatin1String("replica"))
        return QStringLiteral("ENABLE REPLICA");
    if (enabled == QLatin1String("always"))
        return QStringLiteral("ENABLE ALWAYS");
    return QStringLiteral("ENABLE");
}

QString entryText(const DiffEntry &e)
{
    return e.toText().section(QLatin1Char('\n'), 0, 0);
}

const Table *tableOf(const Snapshot &snapshot, const QString &childName, QString *displayedChild)
{
    const Table *best = nullptr;
    for (const Table &t : snapshot.tables) {
        const QString prefix = t.qualifiedName() + QLatin1Char('.');
        // The longest prefix wins: "a.b" and "a.b.c" may both be tables' names... of a sort.
        if (childName.startsWith(prefix) && (!best || prefix.size() > best->qualifiedName().size() + 1)) {
            best = &t;
            *displayedChild = childName.mid(prefix.size());
        }
    }
    return best;
}

} // namespace repair

QString UnrepairableDiff::text() const
{
    const QString sign = entry.change == DiffEntry::Change::Added ? QStringLiteral("+")
                       : entry.change == DiffEntry::Change::Removed ? QStringLiteral("-") : QStringLiteral("~");
    QString head = QStringLiteral("%1 %2 %3").arg(sign, entry.objectKind, entry.name);
    if (!entry.attribute.isEmpty())
        head += QLatin1Char(' ') + entry.attribute;
    return head + QStringLiteral(": ") + reason;
}

bool UnrepairableDiff::covers(const DiffEntry &e) const
{
    return e.objectKind == entry.objectKind && e.name == entry.name && e.attribute == entry.attribute;
}

QStringList RepairScript::unrepairableText() const
{
    QStringList out;
    for (const UnrepairableDiff &u : unrepairable)
        out << u.text();
    return out;
}

RepairScript repairScript(const Snapshot &current, const Snapshot &wanted)
{
    repair::Builder b(current, wanted);
    // baseline -> current: Added is what the rollback left behind, Removed what it lost,
    // Changed holds the baseline's value in `before`.
    const SchemaDiff diff = diffSnapshots(wanted, current);
    for (const DiffEntry &e : diff.entries) {
        if (!repair::repairObject(b, e) && !repair::repairTable(b, e) && !repair::repairCatalog(b, e))
            b.cannot(e, QStringLiteral("Revisor does not generate DDL for a %1 yet").arg(e.objectKind));
    }
    return b.finish();
}

QString RepairScript::toSql() const
{
    QString out;
    for (const RepairStatement &st : statements) {
        QString about = st.repairs;
        about.replace(QLatin1Char('\n'), QStringLiteral("\n-- repairs: "));
        out += QStringLiteral("-- repairs: %1\n%2;\n\n").arg(about, st.sql);
    }
    for (const UnrepairableDiff &u : unrepairable) {
        QString text = u.text();
        text.replace(QLatin1Char('\n'), QStringLiteral("\n--   "));
        out += QStringLiteral("-- cannot repair: %1\n").arg(text);
    }
    return out;
}

} // namespace revisor
