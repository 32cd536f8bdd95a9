#include "scriptexecutor.h"

#include <QElapsedTimer>

namespace revisor {

Error cancelledError()
{
    Error e = Error::database(QStringLiteral("cancelled by the user"), QStringLiteral("57014"));
    e.kind = ErrorKind::Cancelled;
    return e;
}

Status ScriptExecutor::run(const QList<SqlStatement> &statements, const QString &file, QList<StatementRun> &runs)
{
    m_session.takeNotices();
    for (int i = 0; i < statements.size(); ++i) {
        const SqlStatement &st = statements.at(i);
        if (m_cancel.load())
            return fail(cancelledError());
        if (m_observer.statementStarted)
            m_observer.statementStarted(i, int(statements.size()), file, st);
        if (m_locks)
            m_locks->statementStarted();
        QElapsedTimer timer;
        timer.start();
        auto result = m_session.exec(st.sql);
        StatementRun run;
        run.sql = st.sql;
        run.file = file;
        run.line = st.line;
        run.durationMs = timer.nsecsElapsed() / 1e6;
        run.notices = m_session.takeNotices();
        if (!result) {
            Error e = result.error();
            e.file = file;
            // The server's position counts characters (code points) of the statement, not
            // QString's UTF-16 units: turn it into the file line the user will open.
            e.line = st.line + (e.position > 0 ? newlinesBefore(st.sql, e.position - 1) : 0);
            if (e.sqlState == QLatin1String("57014") && m_cancel.load()) {
                e.kind = ErrorKind::Cancelled;
                e.message = QStringLiteral("cancelled by the user: ") + e.message;
            }
            if (e.sqlState == QLatin1String("25001"))
                e.hint = QStringLiteral("this statement cannot run inside a transaction block; declare '-- transactional: false' in the revision's header");
            return fail(e);
        }
        run.rows = result->rowsAffected;
        run.commandTag = result->commandTag;
        if (m_locks)
            m_locks->statementFinished(run);
        runs << run;
        if (m_observer.statementFinished)
            m_observer.statementFinished(run);
    }
    return {};
}

} // namespace revisor
