#include "ui/widgets/failurebanner.h"

#include "ui/widgets/uicolors.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace revisor::ui {

FailureBanner::FailureBanner(QWidget *parent) : QFrame(parent), m_text(new QLabel)
{
    setObjectName(QStringLiteral("failureBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setObjectName(QStringLiteral("failureText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton;
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Hide this message (the Log keeps it)"));
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void FailureBanner::showFailure(const QString &headline, const Error &error, bool cancelled)
{
    QPalette p = palette();
    p.setColor(QPalette::Window, cancelled ? colors::warningBackground() : colors::errorBackground());
    p.setColor(QPalette::WindowText, cancelled ? p.color(QPalette::Text) : colors::errorText());
    setPalette(p);
    m_text->setPalette(p);
    QStringList where;
    if (!error.file.isEmpty())
        where << (error.line > 0 ? QStringLiteral("%1:%2").arg(QFileInfo(error.file).fileName()).arg(error.line)
                                 : QFileInfo(error.file).fileName());
    if (!error.sqlState.isEmpty())
        where << QStringLiteral("SQLSTATE %1").arg(error.sqlState);
    QString html = QStringLiteral("<b>%1</b>: %2").arg(headline.toHtmlEscaped(), error.message.toHtmlEscaped());
    if (!where.isEmpty())
        html += QStringLiteral(" <span>(%1)</span>").arg(where.join(QStringLiteral(", ")).toHtmlEscaped());
    if (!error.detail.isEmpty())
        html += QStringLiteral("<br>DETAIL: %1").arg(error.detail.toHtmlEscaped());
    if (!error.hint.isEmpty())
        html += QStringLiteral("<br>HINT: %1").arg(error.hint.toHtmlEscaped());
    m_text->setText(html);
    show();
}

QString FailureBanner::text() const
{
    return m_text->text();
}

} // namespace revisor::ui
