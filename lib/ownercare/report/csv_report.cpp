#include "ownercare/report/csv_report.hpp"

#include "ownercare/core/files.hpp"
#include "ownercare/csv/writer.hpp"

namespace ownercare::report {

std::string render_csv_table(const ReportTable& table, bool bom) {
  csv::Writer writer(csv::WriterOptions{bom});
  std::vector<std::string> header;
  for (const auto& column : table.columns) header.push_back(column.name);
  writer.row(header);
  for (const auto& row : table.rows) writer.row(row);
  return writer.take();
}

std::vector<std::filesystem::path> write_csv_tables(const std::filesystem::path& folder,
                                                    const std::vector<ReportTable>& tables,
                                                    bool bom) {
  create_folders(folder);
  std::vector<std::filesystem::path> files;
  for (const auto& table : tables) {
    auto file = folder / (table.name + ".csv");
    write_file_atomically(file, render_csv_table(table, bom),
                          table.holds_phones ? FileAccess::owner_only : FileAccess::shared);
    files.push_back(file);
  }
  return files;
}

}  // namespace ownercare::report
