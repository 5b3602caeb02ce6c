#include "ownercare/report/csv_report.hpp"

#include "ownercare/core/files.hpp"
#include "ownercare/csv/writer.hpp"

namespace ownercare::report {

std::string render_csv_table(const ReportTable& table, bool bom, emit::HeaderLanguage headers) {
  csv::Writer writer(csv::WriterOptions{bom});
  std::vector<std::string> header;
  for (const auto& column : table.columns) {
    bool chinese = headers == emit::HeaderLanguage::chinese && !column.heading.empty();
    header.push_back(chinese ? column.heading : column.name);
  }
  writer.row(header);
  for (const auto& row : table.rows) writer.row(row);
  return writer.take();
}

std::vector<std::filesystem::path> write_csv_tables(const std::filesystem::path& folder,
                                                    const std::vector<ReportTable>& tables,
                                                    bool bom, emit::HeaderLanguage headers) {
  create_folders(folder);
  std::vector<std::filesystem::path> files;
  for (const auto& table : tables) {
    auto file = folder / (table.name + ".csv");
    write_file_atomically(file, render_csv_table(table, bom, headers),
                          table.holds_phones ? FileAccess::owner_only : FileAccess::shared);
    files.push_back(file);
  }
  return files;
}

}  // namespace ownercare::report
