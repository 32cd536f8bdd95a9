#include "seedrunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

namespace revisor {

Result<Seed> parseSeed(const QString &source, const QString &name, const QString &fileName)
{
    Seed seed;
    seed.name = name;
    seed.file = fileName;
    seed.sql = source;
    static const QRegularExpression param(QStringLiteral("^--\\s*param:\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$"));
    static const QRegularExpression message(QStringLiteral("^--\\s*message:\\s*(.*?)\\s*$"));
    int lineNo = 0;
    for (const QStringView line : QStringView(seed.sql).split(QLatin1Char('\n'))) {
        ++lineNo;
        const QString text = line.trimmed().toString();
        if (const auto m = param.match(text); m.hasMatch())
            seed.parameters.insert(m.captured(1), m.captured(2));
        else if (const auto m = message.match(text); m.hasMatch())
            seed.message = m.captured(1);
        else if (text.startsWith(QLatin1String("-- param")))
            return fail(Error::input(seed.file, lineNo, QStringLiteral("malformed parameter declaration; expected '-- param: name=default'")));
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
    return parseSeed(QString::fromUtf8(file.readAll()), name, path);
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
