<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CameraPanel</name>
    <message numerus="yes">
        <location filename="../ui/panels/camera_panel.py" line="502"/>
        <source>%n cameras selected</source>
        <translation>
            <numerusform>已选择 %n 台摄像机</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="503"/>
        <source>Select one camera to see and edit its properties.</source>
        <translation>请只选择一台摄像机，以查看和编辑其属性。</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="505"/>
        <source>No camera selected.
Click a camera on the map.</source>
        <translation>未选择摄像机。
请在地图上点击一台摄像机。</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="519"/>
        <source>Camera %1</source>
        <translation>摄像机 %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="542"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="545"/>
        <source>No (status: %1)</source>
        <translation>否（状态：%1）</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="550"/>
        <source>Yes — treated as mounted on the building&apos;s façade</source>
        <translation>是——按安装在建筑物外立面上计算</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="552"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="554"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="585"/>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="586"/>
        <source>%1: %2 — not changed.</source>
        <translation>%1：%2——未修改。</translation>
    </message>
</context>
<context>
    <name>CategorySummaryModel</name>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="357"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="358"/>
        <source>Zones</source>
        <translation>部位数</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="359"/>
        <source>Passed</source>
        <translation>达标</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="360"/>
        <source>Failed</source>
        <translation>不达标</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="361"/>
        <source>Pass rate</source>
        <translation>达标率</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="362"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="363"/>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="364"/>
        <source>Points</source>
        <translation>点状部位</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="365"/>
        <source>Advisory</source>
        <translation>非强制</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="370"/>
        <source>Covered share, weighted by size (m², m or count)</source>
        <translation>覆盖率，按规模加权（m²、m 或个数）</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="373"/>
        <source>Zones the ruleset does not require to be covered: not counted as passed or failed</source>
        <translation>规则集未强制要求覆盖的部位：不计入达标或不达标</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="414"/>
        <source>All zones</source>
        <translation>全部部位</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="425"/>
        <source>Required by %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="427"/>
        <source>Advisory (%1): the ruleset does not require zones of this category to be covered</source>
        <translation>建议性（%1）：规则集未强制要求覆盖此类部位</translation>
    </message>
</context>
<context>
    <name>CrsField</name>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="129"/>
        <source>EPSG code, e.g. EPSG:4549</source>
        <extracomment>Rows shown in the preview table. Target layer proposed for each geometry type GDAL reports.</extracomment>
        <translation>EPSG 代码，例如 EPSG:4549</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="159"/>
        <source>Type an EPSG code.</source>
        <translation>请输入 EPSG 代码。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="161"/>
        <source>Not usable: %1</source>
        <translation>不可用：%1</translation>
    </message>
</context>
<context>
    <name>ExportLogDialog</name>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="67"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="70"/>
        <source>%1 (UTC, as stored)</source>
        <translation>%1（UTC，日志中所存）</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="72"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="74"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="78"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="79"/>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="81"/>
        <source>Public</source>
        <translation>公开</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="82"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="82"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="89"/>
        <source>Map image</source>
        <translation>地图图片</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="90"/>
        <source>Map PDF</source>
        <translation>地图 PDF</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="91"/>
        <source>Printed map</source>
        <translation>打印的地图</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="92"/>
        <source>Survey work list</source>
        <translation>普查工作清单</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="93"/>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="94"/>
        <source>Web map</source>
        <translation>网页地图</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="95"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="96"/>
        <source>OpenStreetMap GeoJSON</source>
        <translation>OpenStreetMap GeoJSON</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="97"/>
        <source>OpenStreetMap XML</source>
        <translation>OpenStreetMap XML</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="98"/>
        <source>KML</source>
        <translation>KML</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="99"/>
        <source>Coverage gaps</source>
        <translation>覆盖盲区</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="100"/>
        <source>Camera views</source>
        <translation>摄像机视域</translation>
    </message>
    <message>
        <location filename="../ui/panels/export_log_panel.py" line="106"/>
        <source>Export log</source>
        <translation>导出记录</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/panels/export_log_panel.py" line="134"/>
        <source>Every file taken out of the project, newest first (%n export(s)). Times are local; the log stores them in UTC.</source>
        <translation>
            <numerusform>从项目导出的每个文件，最新的在前（共 %n 次导出）。时间为本地时间；记录中以 UTC 保存。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportOptionsDialog</name>
    <message>
        <location filename="../ui/controllers/export_dialog.py" line="76"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../ui/controllers/export_dialog.py" line="79"/>
        <source>The export is recorded in the project&apos;s export log: who, when, which file and why.</source>
        <translation>本次导出将记入项目的导出记录：何人、何时、哪个文件、为何导出。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/export_dialog.py" line="82"/>
        <source>&amp;Purpose:</source>
        <translation>用途(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/export_dialog.py" line="84"/>
        <source>e.g. handover to the district office (may be left empty)</source>
        <translation>例如：移交区办公室（可留空）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/export_dialog.py" line="87"/>
        <source>Public (no camera positions, ids, device codes or pole numbers)</source>
        <translation>公开版（不含摄像机位置、编号、设备编码和杆号）</translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <location filename="../ui/controllers/files.py" line="404"/>
        <source>&amp;New project…</source>
        <extracomment>The last error shown (or printed, headless): for the CLI&apos;s exit message. The problems last handed to the Problems panel. Whether the open project is shown read-only (another window holds its lock).</extracomment>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="405"/>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="406"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="407"/>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="408"/>
        <source>&amp;Import layer…</source>
        <translation>导入图层(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="427"/>
        <source>Creating project…</source>
        <translation>正在创建项目…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="430"/>
        <source>Cannot create the project</source>
        <translation>无法创建项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="444"/>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="446"/>
        <location filename="../ui/controllers/files.py" line="644"/>
        <source>Coverage Planner projects (*.gpkg)</source>
        <translation>Coverage Planner 项目 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="475"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="478"/>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="511"/>
        <source>%1 is already open in another Coverage Planner window (%2). Only one window may change a project.</source>
        <translation>%1 已在另一个 Coverage Planner 窗口中打开（%2）。一个项目只能由一个窗口修改。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="516"/>
        <location filename="../ui/controllers/files.py" line="520"/>
        <source>Project already open</source>
        <translation>项目已打开</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="522"/>
        <source>Open read-only</source>
        <translation>以只读方式打开</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="567"/>
        <source>Recovering…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="570"/>
        <source>Cannot recover the project</source>
        <translation>无法恢复项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="607"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="610"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="611"/>
        <source>Save the changes to %1 before closing it?</source>
        <translation>关闭 %1 之前是否保存更改？</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="642"/>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="656"/>
        <source>Cannot save the project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="677"/>
        <source>The project could not be saved to %1:

%2</source>
        <translation>无法将项目保存到 %1：

%2</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="772"/>
        <source>Another program changed %1 since it was opened. Saving over it would undo those changes.</source>
        <translation>%1 在打开后已被其他程序修改。覆盖保存将撤销那些修改。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="781"/>
        <location filename="../ui/controllers/files.py" line="796"/>
        <source>File changed on disk</source>
        <translation>磁盘上的文件已更改</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="799"/>
        <source>Reload discards your changes and opens the file as it is now.</source>
        <translation>重新加载将放弃您的修改，并打开文件的当前内容。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="801"/>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="802"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="835"/>
        <location filename="../ui/controllers/files.py" line="842"/>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="838"/>
        <location filename="../ui/controllers/files.py" line="845"/>
        <source>Cannot import the file</source>
        <translation>无法导入文件</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="852"/>
        <source>Import OpenStreetMap</source>
        <translation>导入 OpenStreetMap 数据</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="855"/>
        <source>Add the OpenStreetMap features to the open project, or open them as a new one?</source>
        <translation>将 OpenStreetMap 要素添加到当前项目，还是作为新项目打开？</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="858"/>
        <source>Add to this project</source>
        <translation>添加到当前项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="859"/>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="892"/>
        <source>Autosave to %1 failed: %2</source>
        <translation>自动保存到 %1 失败：%2</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="914"/>
        <source>an untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="931"/>
        <source>Recover unsaved changes</source>
        <translation>恢复未保存的更改</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="1047"/>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="1060"/>
        <source>Imported %1</source>
        <translation>已导入 %1</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="917"/>
        <source>An autosaved copy of %1 from %2 holds changes that were never saved.

Restore it? (No opens the last saved version; the copy is kept until the project is saved or closed.)</source>
        <translation>%1 有一份 %2 自动保存的副本，其中包含尚未保存的更改。

是否恢复？（选择“否”将打开上次保存的版本；该副本会一直保留，直到项目被保存或关闭。）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="410"/>
        <location filename="../ui/controllers/files.py" line="955"/>
        <source>Open &amp;recent</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="977"/>
        <source>(missing)</source>
        <translation>（文件不存在）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="984"/>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="987"/>
        <source>Clear list</source>
        <translation>清除列表</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="1051"/>
        <source>cameras</source>
        <translation>台摄像机</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="1052"/>
        <source>mandatory zones</source>
        <translation>个重点部位</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="1053"/>
        <source>buildings</source>
        <translation>栋建筑物</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="1054"/>
        <source>private areas</source>
        <translation>个隐私区域</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="1055"/>
        <source>roads</source>
        <translation>条道路</translation>
    </message>
</context>
<context>
    <name>FilesPage</name>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="160"/>
        <source>Inventories</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="163"/>
        <source>Add each inventory (CSV, Excel, GeoJSON, GeoPackage) and say what it is and which coordinates its longitude/latitude columns hold.</source>
        <translation>添加每份台账（CSV、Excel、GeoJSON、GeoPackage），说明其来源以及经度/纬度列所用的坐标系。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="170"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="170"/>
        <source>Role</source>
        <translation>来源类型</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="170"/>
        <source>Coordinates</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="179"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="180"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="189"/>
        <source>Roles: police filings, field survey, big-data platform and property office give the findings their meaning; type any other name for a plain source.</source>
        <translation>来源类型：公安备案、实地核查、联网平台和物业台账决定各项问题的判定；输入其他名称则作为普通来源。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="205"/>
        <source>Add inventories</source>
        <translation>添加台账</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="207"/>
        <source>Inventories (%1)</source>
        <translation>台账 (%1)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="234"/>
        <source>wgs84, gcj02, bd09, cgcs2000 or EPSG:N</source>
        <translation>wgs84、gcj02、bd09、cgcs2000 或 EPSG:N</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="173"/>
        <location filename="../ui/controllers/import_dialog.py" line="292"/>
        <source>Import layer</source>
        <translation>导入图层</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="178"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="192"/>
        <source>None (true WGS84 / CGCS2000)</source>
        <translation>无（真实 WGS84 / CGCS2000 坐标）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="193"/>
        <source>GCJ-02 (AMap, Tencent maps)</source>
        <translation>GCJ-02（高德、腾讯地图）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="194"/>
        <source>BD-09 (Baidu maps)</source>
        <translation>BD-09（百度地图）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="196"/>
        <source>Chinese map apps store positions offset by about 500 m; the offset is undone</source>
        <translation>国内地图应用记录的坐标有约 500 米的偏移，导入时将其纠正</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="201"/>
        <source>optional SQL filter, e.g. status = &apos;ok&apos;</source>
        <translation>可选的 SQL 筛选条件，例如 status = &apos;ok&apos;</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="207"/>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="207"/>
        <source>Field of the layer</source>
        <translation>图层字段</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="214"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="214"/>
        <source>Value for every row</source>
        <translation>每行的值</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="219"/>
        <source>Add value</source>
        <translation>添加值</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="221"/>
        <source>Remove value</source>
        <translation>删除值</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="241"/>
        <source>An OpenStreetMap file fills every layer: cameras, buildings, roads and the zones derived from them.</source>
        <translation>OpenStreetMap 文件将填充所有图层：摄像机、建筑物、道路，以及由这些要素生成的重点部位。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="248"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="250"/>
        <source>Layer in the file:</source>
        <translation>文件中的图层：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="251"/>
        <source>Add to project layer:</source>
        <translation>添加到项目图层：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="252"/>
        <source>Coordinates are in:</source>
        <translation>坐标参考系：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="253"/>
        <source>Chinese map offset:</source>
        <translation>国内地图偏移：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="254"/>
        <source>Longitude / x column:</source>
        <translation>经度 / x 列：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="255"/>
        <source>Latitude / y column:</source>
        <translation>纬度 / y 列：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="256"/>
        <source>Only features where:</source>
        <translation>仅导入满足以下条件的要素：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="257"/>
        <source>Rows of the file:</source>
        <translation>文件中的行：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="258"/>
        <source>Columns:</source>
        <translation>列：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="259"/>
        <source>Same value for every row:</source>
        <translation>每行使用相同的值：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="264"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="270"/>
        <source>First rows:</source>
        <translation>前几行：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="294"/>
        <source>GIS files (%1);;All files (*)</source>
        <translation>GIS 文件 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="375"/>
        <source>(choose a field)</source>
        <translation>（选择字段）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="421"/>
        <source>Cameras</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="422"/>
        <source>Mandatory zones</source>
        <translation>重点部位</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="423"/>
        <source>Buildings</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="424"/>
        <source>Private areas</source>
        <translation>隐私区域</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="425"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="431"/>
        <source>Add to the layer (ids already there are left out)</source>
        <translation>添加到图层（已存在的编号不导入）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="432"/>
        <source>Replace the layer&apos;s rows</source>
        <translation>替换图层中的行</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="433"/>
        <source>Update rows with the same id (only the fields given)</source>
        <translation>更新编号相同的行（仅更新给出的字段）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="460"/>
        <source>(its own column)</source>
        <translation>（其自身的列）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="502"/>
        <source>No longitude/latitude columns recognised; choose them below.</source>
        <translation>未识别出经度/纬度列，请在下方选择。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="514"/>
        <source>The file has no layer with geometry.</source>
        <translation>该文件中没有含几何要素的图层。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/import_dialog.py" line="545"/>
        <source>The file declares no CRS: type the one its coordinates are in.</source>
        <translation>该文件未声明坐标参考系：请输入其坐标所用的坐标参考系。</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../ui/panels/layers_panel.py" line="178"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="141"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="142"/>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="143"/>
        <source>Zone compliance</source>
        <translation>重点部位达标情况</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="144"/>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="145"/>
        <source>Survey</source>
        <translation>普查</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="146"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="177"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="178"/>
        <source>Buildings</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="179"/>
        <source>Mandatory zones</source>
        <translation>重点部位</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="180"/>
        <source>Private areas</source>
        <translation>隐私区域</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="181"/>
        <source>Camera views</source>
        <translation>摄像机视域</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="182"/>
        <source>Coverage gaps</source>
        <translation>覆盖盲区</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="183"/>
        <source>Cameras</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="151"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="152"/>
        <source>Show the Problems panel</source>
        <translation>显示“问题”面板</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="339"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="348"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="340"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="387"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="387"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="357"/>
        <source>&amp;Delete selected cameras</source>
        <translation>删除所选摄像机(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="341"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="358"/>
        <source>Zoom to &amp;extent</source>
        <translation>缩放至全图(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="359"/>
        <source>Zoom to &amp;selection</source>
        <translation>缩放至所选(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="360"/>
        <source>Zoom to &amp;layer</source>
        <translation>缩放至图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="363"/>
        <source>Camera &amp;labels</source>
        <translation>摄像机标注(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="365"/>
        <source>Camera ids beside their symbols when zoomed in</source>
        <translation>放大时在符号旁显示摄像机编号</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="342"/>
        <source>S&amp;urvey</source>
        <translation>普查(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="343"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="370"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="367"/>
        <source>&amp;Select / move</source>
        <translation>选择/移动(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="368"/>
        <source>&amp;Add camera</source>
        <translation>添加摄像机(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="344"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="147"/>
        <source>Rollout</source>
        <translation>布点规划</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="345"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="349"/>
        <source>Export &amp;table…</source>
        <translation>导出表格(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="351"/>
        <source>Save the table last used, as shown, as CSV or Excel</source>
        <translation>将最近使用的表格按当前显示保存为 CSV 或 Excel</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="353"/>
        <source>Export &amp;log…</source>
        <translation>导出记录(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="355"/>
        <source>Every file taken out of the project: who, when, what and why</source>
        <translation>从项目导出的每个文件：何人、何时、何物、为何</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="369"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="423"/>
        <source>Map output</source>
        <translation>地图输出</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="436"/>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="444"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="446"/>
        <source>(read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="523"/>
        <source>%1 problem(s), %2 error(s)</source>
        <translation>%1 个问题，%2 个错误</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="600"/>
        <location filename="../ui/main_window.py" line="615"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="602"/>
        <source>CSV, UTF-8 (*.csv);;Excel workbook (*.xlsx)</source>
        <translation>CSV，UTF-8 (*.csv);;Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="619"/>
        <source>This language is not available.</source>
        <translation>该语言不可用。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="626"/>
        <source>&lt;b&gt;Coverage Planner&lt;/b&gt;&lt;p&gt;Plan and audit public video-surveillance cameras: mandatory zones, pixel density (EN 62676-4), occlusion by buildings.&lt;/p&gt;&lt;p&gt;Map data © OpenStreetMap contributors (ODbL).&lt;/p&gt;</source>
        <translation>&lt;b&gt;Coverage Planner&lt;/b&gt;&lt;p&gt;公共安全视频监控摄像机点位规划与核查：重点部位覆盖、像素密度（EN 62676-4）、建筑物遮挡。&lt;/p&gt;&lt;p&gt;地图数据 © OpenStreetMap 贡献者（ODbL）。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MapOutputController</name>
    <message>
        <location filename="../ui/controllers/map_output.py" line="144"/>
        <source>E&amp;xport map…</source>
        <extracomment>Exported images are twice the page&apos;s size in screen pixels (about 200 dpi). Suffixes the export writes, and the image format of each (PDF is a page). Space around an exported image&apos;s page, in screen pixels (a printer has its own margins).</extracomment>
        <translation>导出地图(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="145"/>
        <source>Save the map as PNG, JPEG or a PDF page</source>
        <translation>将地图保存为 PNG、JPEG 或 PDF 页面</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="146"/>
        <source>&amp;Print map…</source>
        <translation>打印地图(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="147"/>
        <source>Print pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="148"/>
        <source>Show the printed map page before printing</source>
        <translation>打印前预览地图页面</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="161"/>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="163"/>
        <source>PNG image (*.png);;JPEG image (*.jpg *.jpeg);;PDF page (*.pdf)</source>
        <translation>PNG 图像 (*.png);;JPEG 图像 (*.jpg *.jpeg);;PDF 页面 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="176"/>
        <source>%1: choose a .png, .jpg or .pdf file name</source>
        <translation>%1：请使用 .png、.jpg 或 .pdf 文件名</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="202"/>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="282"/>
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="287"/>
        <location filename="../ui/controllers/map_output.py" line="289"/>
        <source>Ruleset: %1</source>
        <translation>规则依据：%1</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="297"/>
        <source>Zones: %1 · passed: %2 · failed: %3 · pass rate of mandatory zones: %4</source>
        <translation>重点部位：%1 · 达标：%2 · 不达标：%3 · 强制部位达标率：%4</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="306"/>
        <source>Project file: %1</source>
        <translation>项目文件：%1</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="309"/>
        <source>CRS: %1 · Date: %2</source>
        <translation>坐标系：%1 · 日期：%2</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="311"/>
        <source>Date: %1</source>
        <translation>日期：%1</translation>
    </message>
    <message>
        <location filename="../ui/controllers/map_output.py" line="397"/>
        <source>Cannot print to %1</source>
        <translation>无法打印到 %1</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../ui/canvas/map_view.py" line="932"/>
        <source>N</source>
        <extracomment>Layers bottom to top, with their z values (labels and handles are internal, always on top). Drawing order of every layer: zone names under the camera symbols (a label must never hide a camera one wants to click), the handles of the selection on top. Internal layers: never listed for the user, never in the extent (&quot;invalid&quot;: rows left out of computing, whose coordinates may be anywhere). Room for the items&apos; cached pixmaps (a few viewport-sized ones when zoomed in).</extracomment>
        <translation>北</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="949"/>
        <source>© OpenStreetMap contributors</source>
        <translation>© OpenStreetMap 贡献者</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1039"/>
        <source>Mandatory zones</source>
        <translation>重点部位</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1044"/>
        <source>Passes</source>
        <translation>达标</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1045"/>
        <source>Fails</source>
        <translation>不达标</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1049"/>
        <source>Advisory (no verdict)</source>
        <translation>非强制（不作判定）</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1057"/>
        <source>Not covered</source>
        <translation>未覆盖（盲区）</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1060"/>
        <source>Private area</source>
        <translation>隐私区域</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1065"/>
        <source>Cameras</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1076"/>
        <source>Inside a building</source>
        <translation>位于建筑物内</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1078"/>
        <source>Left out (see Problems)</source>
        <translation>未参与计算（见“问题”）</translation>
    </message>
    <message>
        <location filename="../ui/canvas/map_view.py" line="1084"/>
        <source>Camera views</source>
        <translation>摄像机视域</translation>
    </message>
</context>
<context>
    <name>MappingEditor</name>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="316"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="316"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="316"/>
        <source>First value</source>
        <translation>首个值</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="399"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="399"/>
        <source>Layer:</source>
        <translation>图层：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="466"/>
        <source>The file could not be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="470"/>
        <source>More than one column is read as: %1</source>
        <translation>多列被读取为同一字段：%1</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="474"/>
        <source>Longitude and latitude go together: map both or neither.</source>
        <translation>经度和纬度须成对：两者都映射或都不映射。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="477"/>
        <source>Map a position (longitude and latitude), a device id or a pole no.</source>
        <translation>请映射位置（经度和纬度）、设备编号或杆号。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="522"/>
        <source>%1 of %2 columns read; the first %3 rows are shown.</source>
        <translation>读取 %2 列中的 %1 列；显示前 %3 行。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="527"/>
        <source>Not recognised, not read: %1 — choose a field for any that holds one.</source>
        <translation>未识别、未读取：%1 — 如其中有需要的数据，请为其选择字段。</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="548"/>
        <source>Columns</source>
        <translation>列映射</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="551"/>
        <source>Check which field each column holds. Recognised headers are chosen already; the preview is titled by the fields that will be read.</source>
        <translation>检查每列对应的字段。已识别的表头已预先选定；预览的列标题为将要读取的字段。</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <location filename="../ui/controllers/files.py" line="258"/>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="266"/>
        <source>The project is computed in this projected CRS (metres). In China use the CGCS2000 3-degree Gauss-Krüger zone of the area, e.g. EPSG:4549 for 120°E.</source>
        <translation>项目在此投影坐标参考系（单位：米）下计算。在中国境内请使用所在地区的 CGCS2000 高斯-克吕格 3 度分带，例如东经 120° 对应 EPSG:4549。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="277"/>
        <source>Ruleset:</source>
        <translation>规则集：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/files.py" line="278"/>
        <source>Project CRS:</source>
        <translation>项目坐标参考系：</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="594"/>
        <source>Survey</source>
        <translation>普查</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="597"/>
        <source>Deadlines count to the survey date; records closer than the match distance may be one device.</source>
        <translation>期限计算至普查日期；距离小于匹配距离的记录可能是同一设备。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="615"/>
        <source>Survey date:</source>
        <translation>普查日期：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="616"/>
        <source>Match distance:</source>
        <translation>匹配距离：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="627"/>
        <source>%1 — %2 (source “%3”), coordinates %4, %5 columns read</source>
        <translation>%1 — %2（来源“%3”），坐标系 %4，读取 %5 列</translation>
    </message>
</context>
<context>
    <name>PrivacyPanel</name>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="364"/>
        <source>All findings</source>
        <translation>全部问题</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="474"/>
        <source>No project is open.</source>
        <translation>未打开项目。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="433"/>
        <location filename="../ui/panels/privacy_panel.py" line="472"/>
        <source>Checking privacy…</source>
        <translation>正在检查隐私…</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="438"/>
        <source>Checking privacy… %1 %</source>
        <translation>正在检查隐私… %1 %</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="445"/>
        <source>Privacy check failed: %1</source>
        <translation>隐私检查失败：%1</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="451"/>
        <source>Privacy check stopped; it runs again after the next edit.</source>
        <translation>隐私检查已停止；下次编辑后将重新运行。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="481"/>
        <source>No privacy findings.</source>
        <translation>未发现隐私问题。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="483"/>
        <source>%1 finding(s) on %2 camera(s); %3 stand(s) in a private place.</source>
        <translation>%2 台摄像机共 %1 个问题；%3 台安装在隐私区域内。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="523"/>
        <source>Choose a finding to see where it is, the rule and its fixes.</source>
        <translation>选择一个问题，查看其位置、依据条款和整改方案。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="529"/>
        <source>severity %1</source>
        <translation>严重程度 %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="537"/>
        <source>Rule: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="539"/>
        <source>Sees %1 m² of private ground (%2 % of its view); %3 m² at %4 level</source>
        <translation>可见隐私区域地面 %1 m²（占其视野的 %2 %）；其中 %3 m² 达到%4等级</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="549"/>
        <source>Sees %1 m of private façade; %2 m at %3 level</source>
        <translation>可见隐私建筑立面 %1 m；其中 %2 m 达到%3等级</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="559"/>
        <source>Check where inside the building the camera is: lawful in lobbies and public areas, forbidden inside rooms.</source>
        <translation>核实摄像机在建筑内的安装位置：大堂、公共区域可以安装，房间内部禁止安装。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="566"/>
        <source>Cameras are forbidden here: the camera is to be removed.</source>
        <translation>此处禁止安装摄像机，应予拆除。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="571"/>
        <source>Mask: %1 (the camera&apos;s mask becomes %2)</source>
        <translation>隐私遮蔽：%1（摄像机的隐私遮蔽将变为 %2）</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="577"/>
        <source>Re-aim: bearing %1 (turn %2), horizontal field %3</source>
        <translation>调整朝向：方位角 %1（转动 %2），水平视场角 %3</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="583"/>
        <source>Mandatory-zone coverage lost: %1 %</source>
        <translation>重点部位覆盖损失：%1 %</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="595"/>
        <source>No re-aim: the camera sees all round; only the mask applies.</source>
        <translation>无法调整朝向：该摄像机为全向摄像机，只能使用隐私遮蔽。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="597"/>
        <source>No re-aim: the camera sees no ground at any aim.</source>
        <translation>无法调整朝向：该摄像机在任何朝向下都看不到地面。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="599"/>
        <source>No re-aim removes it without other private views: use the mask.</source>
        <translation>没有既能消除该问题又不看到其他隐私区域的朝向：请使用隐私遮蔽。</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="610"/>
        <source>Cannot apply: %1</source>
        <translation>无法应用：%1</translation>
    </message>
</context>
<context>
    <name>PrivacyTableModel</name>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="121"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="124"/>
        <source>10: the camera stands in a private area; 6–9: it sees into one (worse at finer levels); 2–5: it sees a private façade; 1: it stands inside a private-use building, check where</source>
        <translation>10：摄像机位于隐私场所内；6–9：可拍摄隐私场所内部（细节等级越高越严重）；2–5：可拍摄隐私场所门窗；1：位于含隐私房间的建筑内，需核实安装位置</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="134"/>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="136"/>
        <source>Camera identifier</source>
        <translation>摄像机编号</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="139"/>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="141"/>
        <source>Kind of privacy finding</source>
        <translation>隐私问题类型</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="146"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="148"/>
        <source>Kind of private place</source>
        <translation>隐私场所类型</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="152"/>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="154"/>
        <source>Finest DORI level at which the camera sees it</source>
        <translation>摄像机能看到它的最精细 DORI 等级</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="157"/>
        <source>Amount</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="160"/>
        <source>Private ground seen (m²) or private façade in view (m)</source>
        <translation>可见的隐私区域地面（m²）或隐私建筑立面（m）</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="166"/>
        <source>Fix</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="168"/>
        <source>The computed mask and re-aim</source>
        <translation>计算得出的隐私遮蔽和调整朝向方案</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="189"/>
        <source>%1 m²</source>
        <translation>%1 m²</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="191"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="197"/>
        <source>Move the camera</source>
        <translation>移动摄像机</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="199"/>
        <source>Check where it stands</source>
        <translation>核实安装位置</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="202"/>
        <source>mask %1</source>
        <translation>隐私遮蔽 %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="204"/>
        <source>re-aim to %1, %2 wide</source>
        <translation>调整朝向至 %1，视场角 %2</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <location filename="../ui/controllers/files.py" line="241"/>
        <source>Copy</source>
        <extracomment>Settings key of the recent-files list (most recent first). Settings key of the folder the last project was opened from or saved to. Centre (lon, lat) of each shipped city ruleset: its default project CRS is the CGCS2000 Gauss-Krüger zone there. The national ruleset defaults to CM 120°E (EPSG:4549).</extracomment>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="107"/>
        <source>Severity</source>
        <extracomment>Severities worst first (the sort order of the table).</extracomment>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="108"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="109"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="110"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="111"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="112"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="113"/>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="119"/>
        <source>All severities</source>
        <translation>全部严重程度</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="122"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="123"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="121"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="224"/>
        <source>%1 shown of %2; %3 error(s)</source>
        <translation>显示 %1 / 共 %2 条；%3 个错误</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="238"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="239"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../ui/panels/problems_panel.py" line="240"/>
        <source>Note</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>ProjectDocument</name>
    <message>
        <location filename="../ui/document.py" line="222"/>
        <source>Add camera %1</source>
        <extracomment>Fields a drag may change live, without going through the table. The name of an undo step: text, or a function giving it in the current language. The ownership survey shown (its registry tables are in ``project``), or None. The privacy findings of the cameras as they were last checked, or None. The rollout plan shown: its proposals still to accept or reject, or None. Bumped by every :meth:`load`: results computed for an earlier project are dropped.</extracomment>
        <translation>添加摄像机 %1</translation>
    </message>
    <message>
        <location filename="../ui/document.py" line="240"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../ui/document.py" line="241"/>
        <source>Edit %1 of %2</source>
        <translation>修改摄像机 %2 的 %1</translation>
    </message>
    <message>
        <location filename="../ui/document.py" line="254"/>
        <source>Delete camera %1</source>
        <translation>删除摄像机 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/document.py" line="255"/>
        <source>Delete %n cameras</source>
        <translation>
            <numerusform>删除 %n 台摄像机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/document.py" line="337"/>
        <source>Ownership survey (%n device(s))</source>
        <translation>
            <numerusform>权属普查（%n 台设备）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/document.py" line="363"/>
        <source>Settle %1 of %2</source>
        <translation>处理 %2 的%1</translation>
    </message>
    <message>
        <location filename="../ui/document.py" line="426"/>
        <source>Accept proposal %1</source>
        <translation>采纳建议摄像机 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/document.py" line="427"/>
        <source>Accept %n proposal(s)</source>
        <translation>
            <numerusform>采纳 %n 个建议摄像机</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/document.py" line="443"/>
        <source>Reject proposal %1</source>
        <translation>否决建议摄像机 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/document.py" line="444"/>
        <source>Reject %n proposal(s)</source>
        <translation>
            <numerusform>否决 %n 个建议摄像机</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/document.py" line="663"/>
        <source>Import layers</source>
        <translation>导入图层</translation>
    </message>
</context>
<context>
    <name>ProposalLayer</name>
    <message>
        <location filename="../ui/canvas/rollout_items.py" line="162"/>
        <source>Proposed camera (not accepted)</source>
        <translation>建议摄像机（未采纳）</translation>
    </message>
</context>
<context>
    <name>ReportController</name>
    <message>
        <location filename="../ui/controllers/report.py" line="52"/>
        <source>&amp;Compliance report…</source>
        <translation>合规报告(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/report.py" line="55"/>
        <source>The compliance report (PDF or HTML): every zone with its result, gap maps, privacy findings, the articles applied</source>
        <translation>合规报告（PDF 或 HTML）：各部位达标情况、覆盖缺口图、隐私问题及适用条款</translation>
    </message>
    <message>
        <location filename="../ui/controllers/report.py" line="73"/>
        <source>Write the compliance report</source>
        <translation>生成合规报告</translation>
    </message>
    <message>
        <location filename="../ui/controllers/report.py" line="75"/>
        <source>PDF document (*.pdf);;Web page (*.html)</source>
        <translation>PDF 文档 (*.pdf);;网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/report.py" line="96"/>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/report.py" line="99"/>
        <source>Cannot write the report</source>
        <translation>无法生成报告</translation>
    </message>
</context>
<context>
    <name>RolloutController</name>
    <message>
        <location filename="../ui/controllers/rollout.py" line="61"/>
        <source>&amp;Plan new cameras…</source>
        <translation>规划新摄像机(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout.py" line="64"/>
        <source>Where the next cameras go: proposals at least cost or within a budget, to accept or reject on the map</source>
        <translation>下一批摄像机装在哪里：以最低成本或在预算内给出建议摄像机，可在地图上逐个采纳或否决</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout.py" line="101"/>
        <source>Planning new cameras…</source>
        <translation>正在规划新摄像机…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout.py" line="104"/>
        <source>Cannot plan new cameras</source>
        <translation>无法规划新摄像机</translation>
    </message>
</context>
<context>
    <name>RolloutDialog</name>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="121"/>
        <source>Plan new cameras</source>
        <extracomment>The goals offered, in the order of the goal box.</extracomment>
        <translation>规划新摄像机</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="124"/>
        <source>Number of cameras</source>
        <translation>摄像机数量</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="125"/>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="126"/>
        <source>Full coverage at least cost</source>
        <translation>以最低成本全覆盖</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="130"/>
        <source> camera(s)</source>
        <translation> 台摄像机</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="131"/>
        <source>Cameras and poles together, in the catalogue&apos;s prices</source>
        <translation>摄像机和立杆合计，按设备目录价格计算</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="132"/>
        <source>Exact (HiGHS)</source>
        <translation>精确求解（HiGHS）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="132"/>
        <source>Heuristic (fast)</source>
        <translation>启发式（快速）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="136"/>
        <source>Exact proves how far from the optimum the answer can be; the heuristic reports its gap against the LP bound</source>
        <translation>精确求解可证明结果距最优解至多多远；启发式给出相对线性规划界的差距</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="142"/>
        <source>Leave out views into private places</source>
        <translation>排除拍摄到私密场所的方案</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="143"/>
        <source>Keep them with a privacy mask</source>
        <translation>保留并设置隐私遮蔽</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="147"/>
        <source>Goal:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="148"/>
        <source>Two cameras on:</source>
        <translation>双机覆盖：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="149"/>
        <source>Zone categories that need backup coverage</source>
        <translation>需要备份覆盖（两台摄像机）的区域类别</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="150"/>
        <source>Time limit:</source>
        <translation>时间上限：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="151"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="152"/>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="153"/>
        <source>Private places:</source>
        <translation>私密场所：</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="154"/>
        <source>Candidate sites along roads every</source>
        <translation>沿道路设候选安装位置，间距</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="155"/>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="156"/>
        <source>Candidate sites at building corners</source>
        <translation>在建筑物转角设候选安装位置</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="159"/>
        <source>Sites of the project&apos;s candidate_sites layer are always tried. The plan runs in the background; its proposals appear on the map and in the Rollout panel, to accept or reject one by one.</source>
        <translation>项目 candidate_sites 图层中的安装位置总会参与计算。规划在后台运行；建议摄像机显示在地图和“布点规划”面板中，可逐个采纳或否决。</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="164"/>
        <source>&amp;Plan</source>
        <translation>规划(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/rollout_dialog.py" line="165"/>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>RolloutPanel</name>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="164"/>
        <source>Plan new cameras…</source>
        <translation>规划新摄像机…</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="165"/>
        <source>&amp;Accept</source>
        <translation>采纳(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="166"/>
        <source>Make the chosen proposal a planned camera</source>
        <translation>把所选建议摄像机设为规划摄像机</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="167"/>
        <source>&amp;Reject</source>
        <translation>否决(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="168"/>
        <source>Take the chosen proposal off the list</source>
        <translation>从列表中去掉所选建议摄像机</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="169"/>
        <source>Accept a&amp;ll</source>
        <translation>全部采纳(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="171"/>
        <source>Make every proposal a planned camera: the coverage the plan promised</source>
        <translation>把所有建议摄像机设为规划摄像机：得到规划承诺的覆盖</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="175"/>
        <source>Proposals</source>
        <translation>建议摄像机</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="176"/>
        <source>Bill of materials</source>
        <translation>物料清单</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="177"/>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="178"/>
        <source>Before / after</source>
        <translation>实施前 / 后</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="235"/>
        <source>No plan yet: Tools → Plan new cameras… proposes where they go.</source>
        <translation>尚无规划：工具 → 规划新摄像机… 会给出建议摄像机。</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="240"/>
        <source>optimal</source>
        <translation>最优</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="241"/>
        <source>time limit reached</source>
        <translation>已到时间上限</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="242"/>
        <source>heuristic answer</source>
        <translation>启发式结果</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="243"/>
        <source>infeasible</source>
        <translation>无可行解</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="245"/>
        <source>exact</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="245"/>
        <source>heuristic</source>
        <translation>启发式</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="248"/>
        <source>%1 (%2): objective %3, bound %4, gap %5, %6 s; %7 proposal(s) open</source>
        <translation>%1（%2）：目标值 %3，界 %4，差距 %5，%6 秒；待定建议摄像机 %7 个</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="282"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="283"/>
        <source>Site</source>
        <translation>安装位置</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="284"/>
        <location filename="../ui/panels/rollout_panel.py" line="318"/>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="286"/>
        <source>Bearing</source>
        <translation>方位角</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="287"/>
        <source>all round</source>
        <translation>全向</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="291"/>
        <source>Field of view</source>
        <translation>视场角</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="295"/>
        <location filename="../ui/panels/rollout_panel.py" line="332"/>
        <source>Phase</source>
        <translation>期次</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="297"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="301"/>
        <source>camera %1 + pole %2</source>
        <translation>摄像机 %1 + 立杆 %2</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="304"/>
        <source>Serves</source>
        <translation>服务区域</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="310"/>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="311"/>
        <source>Pole</source>
        <translation>立杆</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="312"/>
        <location filename="../ui/panels/rollout_panel.py" line="329"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="317"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="319"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="321"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="323"/>
        <source>Amount</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="333"/>
        <source>Cameras</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="335"/>
        <source>Bandwidth (Mbit/s)</source>
        <translation>带宽（Mbit/s）</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="355"/>
        <source>Storage, counter-terror %1 days (TB)</source>
        <translation>存储，反恐 %1 天（TB）</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="356"/>
        <source>Storage, %1 days (TB)</source>
        <translation>存储，%1 天（TB）</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="365"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="366"/>
        <source>Zones</source>
        <translation>部位数</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="367"/>
        <source>Passed before</source>
        <translation>实施前达标</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="368"/>
        <source>Passed after</source>
        <translation>实施后达标</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="369"/>
        <source>Pass rate before</source>
        <translation>实施前达标率</translation>
    </message>
    <message>
        <location filename="../ui/panels/rollout_panel.py" line="370"/>
        <source>Pass rate after</source>
        <translation>实施后达标率</translation>
    </message>
</context>
<context>
    <name>SelectTool</name>
    <message>
        <location filename="../ui/canvas/tools.py" line="167"/>
        <source>Move camera %1</source>
        <extracomment>New cameras get these fields (the rest take their schema defaults).</extracomment>
        <translation>移动摄像机 %1</translation>
    </message>
    <message>
        <location filename="../ui/canvas/tools.py" line="168"/>
        <source>Rotate camera %1</source>
        <translation>调整摄像机 %1 的方位角</translation>
    </message>
    <message>
        <location filename="../ui/canvas/tools.py" line="169"/>
        <source>Change field of view of %1</source>
        <translation>调整摄像机 %1 的视场角</translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="248"/>
        <source>Settle conflict</source>
        <translation>处理冲突</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="257"/>
        <source>%1 row %2</source>
        <translation>%1 第 %2 行</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="263"/>
        <source>Who confirmed it, how</source>
        <translation>由谁、如何确认</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="267"/>
        <source>%1 of device %2: %3</source>
        <translation>设备 %2 的%1：%3</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="276"/>
        <source>Right source:</source>
        <translation>正确来源：</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="276"/>
        <source>Right value:</source>
        <translation>正确值：</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="279"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
</context>
<context>
    <name>SurveyController</name>
    <message>
        <location filename="../ui/controllers/survey.py" line="82"/>
        <source>&amp;Import inventories…</source>
        <extracomment>Ruleset used when no project is open (as ``planner reconcile`` without a project).</extracomment>
        <translation>导入台账(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="83"/>
        <source>&amp;Export work list…</source>
        <translation>导出整改清单(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="118"/>
        <source>Reading inventories…</source>
        <translation>正在读取台账…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="121"/>
        <source>Cannot run the survey</source>
        <translation>无法进行普查</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="149"/>
        <source>Export work list</source>
        <translation>导出整改清单</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="151"/>
        <source>CSV (*.csv);;Excel workbook (*.xlsx);;Printable page (*.html)</source>
        <translation>CSV (*.csv);;Excel 工作簿 (*.xlsx);;可打印网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="165"/>
        <location filename="../ui/controllers/survey.py" line="182"/>
        <source>Cannot export the work list</source>
        <translation>无法导出整改清单</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="179"/>
        <source>Writing the work list…</source>
        <translation>正在写入整改清单…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="202"/>
        <source>Reading the saved survey…</source>
        <translation>正在读取已保存的普查…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey.py" line="205"/>
        <source>Cannot read the saved survey</source>
        <translation>无法读取已保存的普查</translation>
    </message>
</context>
<context>
    <name>SurveyLayer</name>
    <message>
        <location filename="../ui/canvas/survey_items.py" line="155"/>
        <source>Nothing to do</source>
        <extracomment>Fill by priority of the worst finding (1 = most urgent), and for a device without findings.</extracomment>
        <translation>无需处理</translation>
    </message>
    <message>
        <location filename="../ui/canvas/survey_items.py" line="157"/>
        <source>Surveyed devices</source>
        <translation>普查设备</translation>
    </message>
</context>
<context>
    <name>SurveyPanel</name>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="468"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="474"/>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="478"/>
        <location filename="../ui/panels/survey_panel.py" line="499"/>
        <source>Device id</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="479"/>
        <source>Pole no.</source>
        <translation>杆号</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="481"/>
        <source>Action</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="485"/>
        <location filename="../ui/panels/survey_panel.py" line="535"/>
        <source>Rule</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="486"/>
        <source>Contact</source>
        <translation>联系单位</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="487"/>
        <location filename="../ui/panels/survey_panel.py" line="502"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="500"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="501"/>
        <source>Claims</source>
        <translation>各来源说法</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="525"/>
        <source>Grouped by</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="529"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="530"/>
        <source>Devices</source>
        <translation>设备数</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="531"/>
        <source>Intact</source>
        <translation>完好数</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="532"/>
        <source>Rate</source>
        <translation>完好率</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="533"/>
        <source>Required</source>
        <translation>要求</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="445"/>
        <source>All findings</source>
        <extracomment>A finding was chosen: device key and position (project CRS; None when unlocated). Every located device with its worst finding, after each new result.</extracomment>
        <translation>全部问题</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="493"/>
        <location filename="../ui/panels/survey_panel.py" line="710"/>
        <source>%1 (%2 row %3)</source>
        <translation>%1（%2 第 %3 行）</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="654"/>
        <source>No survey yet: Survey → Import inventories… reads the inventories.</source>
        <translation>尚未普查：普查 → 导入台账… 读取台账。</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="660"/>
        <source>%1 device(s), %2 finding(s), %3 open conflict(s); intact rate %4 (survey of %5).</source>
        <translation>%1 台设备，%2 个问题，%3 个待处理冲突；完好率 %4（普查日期 %5）。</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="694"/>
        <source>Choose a finding to see what each inventory says about its device.</source>
        <translation>选择一个问题，查看各台账对该设备的记载。</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="703"/>
        <source>%1 row %2</source>
        <translation>%1 第 %2 行</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="705"/>
        <source>Records: %1</source>
        <translation>记录：%1</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="716"/>
        <source>Conflict: %1</source>
        <translation>冲突：%1</translation>
    </message>
</context>
<context>
    <name>SurveyWizard</name>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="656"/>
        <source>Import inventories</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="663"/>
        <source>Run survey</source>
        <translation>开始普查</translation>
    </message>
</context>
<context>
    <name>WebMapController</name>
    <message>
        <location filename="../ui/controllers/web_map.py" line="51"/>
        <source>Export &amp;web map…</source>
        <translation>导出网页地图(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/web_map.py" line="53"/>
        <source>One HTML file that works offline: layers, popups and a legend</source>
        <translation>一个可离线使用的 HTML 文件：图层、弹出信息和图例</translation>
    </message>
    <message>
        <location filename="../ui/controllers/web_map.py" line="70"/>
        <source>Export web map</source>
        <translation>导出网页地图</translation>
    </message>
    <message>
        <location filename="../ui/controllers/web_map.py" line="72"/>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../ui/controllers/web_map.py" line="97"/>
        <source>Writing the web map…</source>
        <translation>正在写入网页地图…</translation>
    </message>
    <message>
        <location filename="../ui/controllers/web_map.py" line="100"/>
        <source>Cannot export the web map</source>
        <translation>无法导出网页地图</translation>
    </message>
</context>
<context>
    <name>ZonePanel</name>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="626"/>
        <source>%1 of %2 mandatory zones pass (%3); %4 fail; %5 advisory.</source>
        <translation>%2 个强制覆盖部位中 %1 个达标（%3），%4 个不达标；%5 个非强制部位。</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="643"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
</context>
<context>
    <name>ZoneTableModel</name>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="161"/>
        <source>Id</source>
        <extracomment>Role giving the zone_id of a row (any column). Role giving the raw category identifier of a row (any column). Role giving whether the row&apos;s zone passes (any column): True, False, or None (advisory). Widest the name column starts (pixels); the user can widen it. While a camera is dragged, district and category totals refresh at most this often. Text colour, result tint and sort rank of each verdict (None: advisory), worst first. Columns of the zone table that can change while cameras move.</extracomment>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="166"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="199"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="204"/>
        <source>Level</source>
        <translation>要求等级</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="182"/>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="191"/>
        <source>Cameras</source>
        <translation>摄像机数</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="172"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="163"/>
        <source>Zone identifier</source>
        <translation>部位编号</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="168"/>
        <source>Zone name</source>
        <translation>部位名称</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="201"/>
        <source>Zone category; the ruleset gives its requirement</source>
        <translation>部位类别；其覆盖要求由规则集规定</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="206"/>
        <source>DORI level the zone must be seen at</source>
        <translation>该部位须达到的 DORI 等级</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="184"/>
        <source>Share of the zone covered at its required level</source>
        <translation>该部位在要求等级下的覆盖率</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="193"/>
        <source>Cameras seeing the zone at its required level</source>
        <translation>在要求等级下覆盖该部位的摄像机数量</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="174"/>
        <source>Whether the covered share reaches the required share</source>
        <translation>覆盖率是否达到要求</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="282"/>
        <source>Advisory</source>
        <translation>非强制</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="283"/>
        <source>✔ Pass</source>
        <translation>✔ 达标</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="283"/>
        <source>✘ Fail</source>
        <translation>✘ 不达标</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="290"/>
        <source>%1 of %2 covered; %3 required</source>
        <translation>已覆盖 %1 / 共 %2；要求 %3</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="294"/>
        <source>No camera sees this zone</source>
        <translation>没有摄像机覆盖该部位</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="300"/>
        <source>Required by %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="302"/>
        <source>Advisory (%1): the ruleset does not require this zone to be covered</source>
        <translation>建议性部位（%1）：规则集未强制要求覆盖此部位</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="304"/>
        <source>Advisory: the ruleset does not require this zone to be covered</source>
        <translation>建议性部位：规则集未强制要求覆盖此部位</translation>
    </message>
</context>
<context>
    <name>_BooleanEditor</name>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="229"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="229"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="229"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>_CameraPanelView</name>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="409"/>
        <source>Properties</source>
        <extracomment>The caption of each field&apos;s row, by field name. The caption of each computed fact&apos;s row: &quot;working&quot;, each level, &quot;inside&quot;, &quot;notes&quot;.</extracomment>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="412"/>
        <source>Position in the project&apos;s coordinate system, metres.</source>
        <translation>在项目坐标系中的位置，单位：米。</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="420"/>
        <source>Computed</source>
        <translation>计算结果</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="421"/>
        <source>Counts for coverage</source>
        <translation>计入覆盖</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="423"/>
        <source>%1 range</source>
        <translation>%1距离</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="424"/>
        <source>Inside a building</source>
        <translation>位于建筑物内</translation>
    </message>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="425"/>
        <source>Assumed values</source>
        <translation>采用的假定值</translation>
    </message>
</context>
<context>
    <name>_DateEditor</name>
    <message>
        <location filename="../ui/panels/camera_panel.py" line="180"/>
        <source>YYYY-MM-DD</source>
        <extracomment>Decimals shown per unit (positions to the centimetre, angles to a tenth of a degree). Upper bound for a number the schema leaves open (a spin box needs one). Shown in a number field left empty. Extra fields of the form besides the schema&apos;s: the position.</extracomment>
        <translation>YYYY-MM-DD</translation>
    </message>
</context>
<context>
    <name>_LayerPanelView</name>
    <message>
        <location filename="../ui/panels/layers_panel.py" line="84"/>
        <source>Layers</source>
        <extracomment>The owner&apos;s label of each layer, by internal name.</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../ui/panels/layers_panel.py" line="85"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../ui/panels/layers_panel.py" line="88"/>
        <source>Opacity of %1</source>
        <translation>%1的不透明度</translation>
    </message>
    <message>
        <location filename="../ui/panels/layers_panel.py" line="89"/>
        <source>DORI bands</source>
        <translation>DORI 等级范围</translation>
    </message>
    <message>
        <location filename="../ui/panels/layers_panel.py" line="91"/>
        <source>Pixel-density bands of the camera views (EN 62676-4), finest first</source>
        <translation>摄像机视域按像素密度划分的等级范围（EN 62676-4），由高到低排列</translation>
    </message>
    <message>
        <location filename="../ui/panels/layers_panel.py" line="94"/>
        <source>%1 (%2 px/m)</source>
        <translation>%1（%2 px/m）</translation>
    </message>
</context>
<context>
    <name>_PrivacyPanelView</name>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="293"/>
        <source>Show one kind of finding only</source>
        <translation>只显示一种问题</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="294"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="296"/>
        <source>Stop this privacy check; it runs again after the next edit</source>
        <translation>停止本次隐私检查；下次编辑后将重新运行</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="298"/>
        <source>Apply mask</source>
        <translation>应用隐私遮蔽</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="300"/>
        <source>Store the mask intervals on the camera: its view is cut everywhere</source>
        <translation>将隐私遮蔽的方位区间保存到摄像机：这些方位上的视野全部遮蔽</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="302"/>
        <source>Apply re-aim</source>
        <translation>应用调整朝向</translation>
    </message>
    <message>
        <location filename="../ui/panels/privacy_panel.py" line="303"/>
        <source>Turn the camera and narrow its lens as suggested</source>
        <translation>按建议转动摄像机并收窄镜头视场角</translation>
    </message>
</context>
<context>
    <name>_SurveyPanelView</name>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="378"/>
        <source>Show one kind of finding only</source>
        <translation>只显示一类问题</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="379"/>
        <source>Filter: device, owner, rule…</source>
        <translation>筛选：设备、权属单位、依据…</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="380"/>
        <source>Settle…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="382"/>
        <source>Choose the right value; the decision is kept in the project</source>
        <translation>选择正确的值；处理结果保存在项目中</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="384"/>
        <source>Findings</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="385"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="386"/>
        <source>Intact rate</source>
        <translation>完好率</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="387"/>
        <source>Import inventories…</source>
        <translation>导入台账…</translation>
    </message>
    <message>
        <location filename="../ui/panels/survey_panel.py" line="388"/>
        <source>Export work list…</source>
        <translation>导出整改清单…</translation>
    </message>
</context>
<context>
    <name>_TableCopy</name>
    <message>
        <location filename="../ui/panels/tables.py" line="216"/>
        <source>&amp;Copy</source>
        <extracomment>Role giving the value a column sorts by (a number for numeric columns). Role giving the row&apos;s record (any column). The first role free for a model&apos;s own record roles (:class:`RecordTableModel` ``roles``). The table last focused or copied from (any window): &quot;Export table…&quot; falls back on it.</extracomment>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/panels/tables.py" line="217"/>
        <source>Copy the selected rows with the column titles</source>
        <translation>复制选中的行及列标题</translation>
    </message>
    <message>
        <location filename="../ui/panels/tables.py" line="218"/>
        <source>Copy &amp;table</source>
        <translation>复制整张表(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/panels/tables.py" line="220"/>
        <source>Copy every row shown with the column titles, as the table shows them</source>
        <translation>按表格当前显示复制所有显示的行及列标题</translation>
    </message>
</context>
<context>
    <name>_ZonePanelView</name>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="485"/>
        <source>Filter by name, id or category</source>
        <translation>按名称、编号或类别筛选</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="486"/>
        <source>Show one category only</source>
        <translation>只显示一个类别</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="487"/>
        <source>Failing only</source>
        <translation>仅不达标</translation>
    </message>
    <message>
        <location filename="../ui/panels/zones_panel.py" line="489"/>
        <source>Show only mandatory zones below their required coverage</source>
        <translation>只显示覆盖率低于要求的强制覆盖部位</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../ui/labels.py" line="73"/>
        <source>Camera id</source>
        <extracomment>DORI levels from the finest (shortest range) to the coarsest, as panels list them.</extracomment>
        <translation>摄像机编号</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="74"/>
        <source>Height</source>
        <translation>安装高度</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="75"/>
        <source>Bearing</source>
        <translation>方位角</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="76"/>
        <source>Horizontal field of view</source>
        <translation>水平视场角</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="77"/>
        <source>Vertical field of view</source>
        <translation>垂直视场角</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="78"/>
        <source>Tilt</source>
        <translation>俯仰角</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="79"/>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="80"/>
        <source>Maximum range</source>
        <translation>最大距离</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="81"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="82"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="83"/>
        <source>Owner</source>
        <translation>权属单位</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="84"/>
        <source>Maintainer</source>
        <translation>维护单位</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="85"/>
        <source>Project</source>
        <translation>所属项目</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="86"/>
        <source>Pole number</source>
        <translation>杆号</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="87"/>
        <source>Installed on</source>
        <translation>安装日期</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="88"/>
        <source>Registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="89"/>
        <source>Last seen online</source>
        <translation>最后在线日期</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="90"/>
        <source>Notice sign</source>
        <translation>提示标识</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="91"/>
        <source>Device id</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="92"/>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="93"/>
        <source>Address</source>
        <translation>安装地址</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="94"/>
        <source>Privacy mask</source>
        <translation>隐私遮蔽</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="95"/>
        <source>OpenStreetMap id</source>
        <translation>OpenStreetMap 编号</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="96"/>
        <source>Easting (x)</source>
        <translation>东坐标 E (x)</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="97"/>
        <source>Northing (y)</source>
        <translation>北坐标 N (y)</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="98"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="109"/>
        <source>m</source>
        <translation>m</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="111"/>
        <source>px</source>
        <translation>px</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="112"/>
        <source>m²</source>
        <translation>m²</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="133"/>
        <source>en</source>
        <comment>language code (en or zh) of the work list and the findings&apos; details</comment>
        <translation>zh</translation>
    </message>
</context>
<context>
    <name>survey</name>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="86"/>
        <source>WGS84 (GPS)</source>
        <extracomment>Roles with a meaning for the findings (any other name is a plain source). Rows shown in the mapping page&apos;s preview. Mapping value of a column that is not read. Name of a source role, from the one vocabulary (公安备案, 实地核查, 联网平台, 物业台账).</extracomment>
        <translation>WGS84（GPS）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="87"/>
        <source>GCJ-02 (Amap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="88"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="89"/>
        <source>CGCS2000</source>
        <translation>CGCS2000</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="97"/>
        <source>(not read)</source>
        <translation>（不读取）</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="98"/>
        <source>Device id</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="99"/>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="100"/>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="101"/>
        <source>Owner</source>
        <translation>权属单位</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="102"/>
        <source>Maintainer</source>
        <translation>维护单位</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="103"/>
        <source>Project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="104"/>
        <source>Pole no.</source>
        <translation>杆号</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="105"/>
        <source>District</source>
        <translation>所属区县</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="106"/>
        <source>Address</source>
        <translation>安装地址</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="107"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="108"/>
        <source>Installed on</source>
        <translation>安装日期</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="109"/>
        <source>Filed on</source>
        <translation>备案日期</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="110"/>
        <source>Last online</source>
        <translation>最后在线时间</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="111"/>
        <source>Bearing</source>
        <translation>朝向</translation>
    </message>
    <message>
        <location filename="../ui/controllers/survey_wizard.py" line="112"/>
        <source>Sign</source>
        <translation>标识</translation>
    </message>
</context>
</TS>
