#pragma once

#include "core/error.h"

#include <QFrame>

class QLabel;

namespace revisor::ui {

/// A strip above the panels that says what failed, in full: the headline, the server's
/// message with its SQLSTATE, and the file:line of the statement. It stays until the next
/// action succeeds or the user closes it.
class FailureBanner : public QFrame
{
    Q_OBJECT

public:
    explicit FailureBanner(QWidget *parent = nullptr);

    /// `cancelled`: the user stopped it (shown as a warning rather than an error).
    void showFailure(const QString &headline, const Error &error, bool cancelled);
    QString text() const;

private:
    QLabel *m_text;
};

} // namespace revisor::ui
