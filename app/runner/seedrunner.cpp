#include "seedrunner.h"

#include "migrations/revision.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QLocale>
#include <QRegularExpression>

namespace revisor {

namespace {

const QStringList &seedKeys()
{
    static const QStringList keys{QStringLiteral("seed"), QStringLiteral("message"), QStringLiteral("param"),
                                  QStringLiteral("describe"), QStringLiteral("estimate"), QStringLiteral("at")};
    return keys;
}

// A seed's header is its leading block of blank and "--" comment lines, like the header of a
// revision before its up marker; the first other line is its first statement.
bool inHeader(QStringView trimmedLine)
{
    return trimmedLine.isEmpty() || trimmedLine.startsWith(QLatin1String("--"));
}

Status declareParameter(Seed &seed, const QString &declaration, int lineNo, QHash<QString, int> &declaredOn)
{
    static const QRegularExpression param(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)$"));
    const auto m = param.match(declaration);
    if (!m.hasMatch())
        return fail(Error::input(seed.file, lineNo, QStringLiteral("malformed parameter declaration; expected '-- param: name=default'")));
    const QString name = m.captured(1);
    if (const int first = declaredOn.value(name))
        return fail(Error::input(seed.file, lineNo, QStringLiteral("parameter '%1' is declared twice (first on line %2)").arg(name).arg(first)));
    declaredOn.insert(name, lineNo);
    seed.parameters.insert(name, m.captured(2));
    return {};
}

Status describeParameter(Seed &seed, const QString &value, int lineNo)
{
    static const QRegularExpression describe(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+)$"));
    const auto m = describe.match(value);
    if (!m.hasMatch())
        return fail(Error::input(seed.file, lineNo, QStringLiteral("malformed description; expected '-- describe: name=what it does'")));
    if (!seed.parameters.contains(m.captured(1)))
        return fail(Error::input(seed.file, lineNo, QStringLiteral("'-- describe:' names '%1', which no '-- param:' above declares").arg(m.captured(1))));
    seed.descriptions.insert(m.captured(1), m.captured(2).trimmed());
    return {};
}

Status readEstimate(Seed &seed, const QString &value, int lineNo)
{
    static const QRegularExpression estimate(
        QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*(?:\\s*\\*\\s*[A-Za-z_][A-Za-z0-9_]*)*)\\s+rows(?:\\s*,\\s*(\\d+)\\s+bytes\\s+each)?$"));
    const auto m = estimate.match(value.trimmed());
    if (!m.hasMatch())
        return fail(Error::input(seed.file, lineNo, QStringLiteral("malformed estimate; expected '-- estimate: a*b rows, N bytes each'")));
    for (const QString &factor : m.captured(1).split(QLatin1Char('*'))) {
        if (!seed.parameters.contains(factor.trimmed()))
            return fail(Error::input(seed.file, lineNo, QStringLiteral("'-- estimate:' names '%1', which no '-- param:' above declares").arg(factor.trimmed())));
        seed.estimateFactors << factor.trimmed();
    }
    seed.estimateRowBytes = m.captured(2).toLongLong();
    return {};
}

} // namespace

QString Seed::estimateText(const QMap<QString, QString> &values) const
{
    if (estimateFactors.isEmpty())
        return {};
    // Grouped digits read best for row counts; one fixed locale keeps the text the same on
    // every machine (reports and tests compare it).
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    qint64 rows = 1;
    QStringList shown;
    for (const QString &factor : estimateFactors) {
        bool ok = false;
        const qint64 n = values.value(factor, parameters.value(factor)).trimmed().toLongLong(&ok);
        if (!ok || n < 0)
            return {};
        rows *= n;
        shown << english.toString(n);
    }
    QString text = QStringLiteral("total rows = %1").arg(shown.join(QStringLiteral(" x ")));
    if (shown.size() > 1)
        text += QStringLiteral(" = %1").arg(english.toString(rows));
    if (estimateRowBytes > 0)
        text += QStringLiteral(", about %1").arg(english.formattedDataSize(rows * estimateRowBytes, 0, QLocale::DataSizeTraditionalFormat));
    return text;
}

Result<Seed> parseSeed(const QString &text, const QString &fileName)
{
    Seed seed;
    seed.file = fileName;
    seed.sql = text;
    QHash<QString, int> declaredOn; // parameter -> line
    bool header = true;
    int lineNo = 0;
    for (const QStringView rawLine : QStringView(text).split(QLatin1Char('\n'))) {
        ++lineNo;
        const QStringView line = rawLine.trimmed();
        header = header && inHeader(line);
        if (!header) {
            // Earlier versions took declarations anywhere in the file: refuse a late one rather
            // than let it turn silently into a comment.
            static const QRegularExpression lateParam(QStringLiteral("^--\\s*param\\s*:"));
            if (lateParam.match(line).hasMatch())
                return fail(Error::input(fileName, lineNo, QStringLiteral("'-- param:' after the first statement; declare parameters in the header")));
            continue;
        }
        auto key = readHeaderKey(line, seedKeys(), fileName, lineNo);
        if (!key)
            return fail(key.error());
        if (!*key)
            continue;
        if ((*key)->key == QLatin1String("param")) {
            if (auto declared = declareParameter(seed, (*key)->value, lineNo, declaredOn); !declared)
                return fail(declared.error());
        } else if ((*key)->key == QLatin1String("message")) {
            seed.message = (*key)->value;
        } else if ((*key)->key == QLatin1String("describe")) {
            if (auto described = describeParameter(seed, (*key)->value, lineNo); !described)
                return fail(described.error());
        } else if ((*key)->key == QLatin1String("estimate")) {
            if (auto read = readEstimate(seed, (*key)->value, lineNo); !read)
                return fail(read.error());
        } else if ((*key)->key == QLatin1String("at")) {
            if ((*key)->value != QLatin1String("baseline") && (*key)->value != QLatin1String("upgraded"))
                return fail(Error::input(fileName, lineNo, QStringLiteral("'-- at: %1': a seed runs at 'baseline' or 'upgraded'").arg((*key)->value)));
            seed.at = (*key)->value;
        }
    }
    return seed;
}

Result<Seed> readSeed(const MigrationSet &set, const QString &name)
{
    const QString path = set.seedPath(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        const QString known = set.seedNames().join(QStringLiteral(", "));
        return fail(Error::input(path, 0, QStringLiteral("no seed '%1' in set %2 (available: %3)")
                                              .arg(name, set.name(), known.isEmpty() ? QStringLiteral("none") : known)));
    }
    auto seed = parseSeed(QString::fromUtf8(file.readAll()), path);
    if (seed)
        seed->name = name;
    return seed;
}

Result<StepResult> runSeed(Session &session, const Seed &seed, const QMap<QString, QString> &values,
                           const std::atomic_bool &cancel, const RunObserver &observer)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!seed.parameters.contains(it.key())) {
            const QStringList known = seed.parameters.keys();
            return fail(Error::usage(QStringLiteral("seed '%1' has no parameter '%2' (it takes: %3)")
                                         .arg(seed.name, it.key(), known.isEmpty() ? QStringLiteral("none") : known.join(QStringLiteral(", ")))));
        }
    }
    auto statements = splitSql(seed.sql, seed.file, seed.firstLine);
    if (!statements)
        return fail(statements.error());

    StepResult result;
    result.kind = StepResult::Kind::Seed;
    result.revision = seed.name;
    result.message = seed.message;
    result.startedAt = QDateTime::currentDateTimeUtc();
    if (observer.stepStarted)
        observer.stepStarted(QStringLiteral("seed %1").arg(seed.name));
    QElapsedTimer timer;
    timer.start();
    auto finish = [&](std::optional<Error> error) {
        result.durationMs = timer.nsecsElapsed() / 1e6;
        result.error = error;
        if (observer.stepFinished)
            observer.stepFinished(result);
        return result;
    };
    if (auto b = session.exec(QStringLiteral("BEGIN")); !b)
        return finish(b.error());
    for (auto it = seed.parameters.cbegin(); it != seed.parameters.cend(); ++it) {
        const QString value = values.value(it.key(), it.value());
        // is_local = true: the parameter lives only as long as this transaction.
        auto set = session.exec(QStringLiteral("SELECT set_config($1, $2, true)"),
                                {QStringLiteral("revisor.param.") + it.key(), value});
        if (!set) {
            (void)session.exec(QStringLiteral("ROLLBACK"));
            return finish(set.error());
        }
    }
    ScriptExecutor executor(session, cancel, observer);
    if (auto ran = executor.run(*statements, seed.file, result.statements); !ran) {
        (void)session.exec(QStringLiteral("ROLLBACK"));
        Error e = ran.error();
        e.message += QStringLiteral(" (the seed was rolled back)");
        return finish(e);
    }
    if (auto c = session.exec(QStringLiteral("COMMIT")); !c) {
        (void)session.exec(QStringLiteral("ROLLBACK"));
        return finish(c.error());
    }
    return finish(std::nullopt);
}

} // namespace revisor
