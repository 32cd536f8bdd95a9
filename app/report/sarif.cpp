#include "sarif.h"

#include "core/paths.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace revisor {

namespace {

QJsonObject text(const QString &t)
{
    return {{QStringLiteral("text"), t}};
}

QJsonObject artifactLocation(const QString &file, const QDir &base)
{
    const QString relative = base.relativeFilePath(file);
    if (!relative.startsWith(QLatin1String("..")) && !QDir::isAbsolutePath(relative))
        return {{QStringLiteral("uri"), QString::fromUtf8(QUrl(relative).toEncoded())}, {QStringLiteral("uriBaseId"), QStringLiteral("SRCROOT")}};
    return {{QStringLiteral("uri"), QString::fromUtf8(QUrl::fromLocalFile(file).toEncoded())}};
}

} // namespace

QByteArray sarifReport(const QList<Hazard> &hazards, const QString &baseDirectory)
{
    const QDir base(QDir(baseDirectory).absolutePath());
    const QList<HazardRule> ruleList = Hazard::allRules();
    QJsonArray rules;
    for (HazardRule r : ruleList) {
        rules << QJsonObject{{QStringLiteral("id"), Hazard::ruleIdOf(r)},
                             {QStringLiteral("shortDescription"), text(Hazard::ruleSummary(r))},
                             {QStringLiteral("helpUri"), QStringLiteral("https://www.postgresql.org/docs/current/explicit-locking.html")}};
    }
    QJsonArray results;
    for (const Hazard &h : hazards) {
        QString message = h.explanation;
        if (!h.saferPattern.isEmpty())
            message += QStringLiteral(". Safer: ") + h.saferPattern;
        QJsonObject properties{{QStringLiteral("revision"), h.revision}, {QStringLiteral("direction"), h.direction}};
        if (!h.table.isEmpty())
            properties.insert(QStringLiteral("table"), h.table);
        if (!h.lockMode.isEmpty())
            properties.insert(QStringLiteral("lockMode"), h.lockMode);
        if (h.rows >= 0)
            properties.insert(QStringLiteral("rows"), double(h.rows));
        if (!h.indexes.isEmpty())
            properties.insert(QStringLiteral("indexes"), QJsonArray::fromStringList(h.indexes));
        const QJsonObject region{{QStringLiteral("startLine"), qMax(1, h.line)}};
        results << QJsonObject{
            {QStringLiteral("ruleId"), h.ruleId()},
            {QStringLiteral("ruleIndex"), int(ruleList.indexOf(h.rule))},
            {QStringLiteral("level"), h.levelName()},
            {QStringLiteral("message"), text(message)},
            {QStringLiteral("locations"),
             QJsonArray{QJsonObject{{QStringLiteral("physicalLocation"),
                                     QJsonObject{{QStringLiteral("artifactLocation"), artifactLocation(h.file, base)},
                                                 {QStringLiteral("region"), region}}}}}},
            {QStringLiteral("properties"), properties}};
    }
    QString root = QString::fromUtf8(QUrl::fromLocalFile(base.absolutePath()).toEncoded());
    if (!root.endsWith(QLatin1Char('/')))
        root += QLatin1Char('/');
    const QJsonObject run{
        {QStringLiteral("tool"),
         QJsonObject{{QStringLiteral("driver"),
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("revisor")},
                                  {QStringLiteral("version"), versionString()},
                                  {QStringLiteral("rules"), rules}}}}},
        {QStringLiteral("originalUriBaseIds"), QJsonObject{{QStringLiteral("SRCROOT"), QJsonObject{{QStringLiteral("uri"), root}}}}},
        {QStringLiteral("results"), results}};
    const QJsonObject log{{QStringLiteral("$schema"), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json")},
                          {QStringLiteral("version"), QStringLiteral("2.1.0")},
                          {QStringLiteral("runs"), QJsonArray{run}}};
    return QJsonDocument(log).toJson(QJsonDocument::Indented);
}

} // namespace revisor
